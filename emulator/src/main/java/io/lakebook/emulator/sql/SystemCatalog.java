package io.lakebook.emulator.sql;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The {@code system} catalog belongs to Databricks: users read its tables and never write into it. Schemas enter it
 * only when an account or metastore admin enables them through the system schemas API
 * (docs.databricks.com/api/uc-system-schemas/v1/enable-system-schema.md), so a statement that would create, change
 * or drop anything in it is refused as a missing Unity Catalog privilege, {@code INSUFFICIENT_PERMISSIONS} with
 * SQLSTATE 42501, worded as the Statement Execution API words such refusals
 * ({@code Insufficient privileges:\nUser does not have SELECT on Table 'c.s.t'}).
 */
final class SystemCatalog {
    private static final Set<String> WRITES = Set.of("CREATE", "DROP", "ALTER", "INSERT", "UPDATE", "DELETE",
            "MERGE", "COMMENT", "TRUNCATE", "REPLACE", "COPY", "OPTIMIZE", "VACUUM", "RESTORE", "GRANT", "REVOKE");
    private static final Set<String> DATA_WRITES = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE",
            "COPY");

    private SystemCatalog() {
    }

    /** Fails when {@code sparkSql} writes into the system catalog; {@code currentCatalog} resolves short names. */
    static void refuseWrites(String sparkSql, Supplier<String> currentCatalog) {
        String verb = SqlText.verb(sparkSql);
        if (!WRITES.contains(verb)) {
            return;
        }
        List<SqlText.ObjectName> names = SqlText.objectNames(sparkSql);
        if (names.isEmpty()) {
            return;
        }
        SqlText.ObjectName target = names.get(0);
        String catalog = target.catalog().orElseGet(currentCatalog);
        if (catalog.equalsIgnoreCase(Catalogs.SYSTEM)) {
            throw new SqlFailure("INSUFFICIENT_PERMISSIONS", "42501", "Insufficient privileges:\nUser does not have "
                    + privilege(verb, target) + ".");
        }
    }

    /** {@code CREATE SCHEMA on Catalog 'system'}, {@code MODIFY on Table 'system.s.t'} and the like. */
    private static String privilege(String verb, SqlText.ObjectName target) {
        List<String> parts = target.parts();
        int end = target.column() ? parts.size() - 1 : parts.size();
        int start = target.catalog().isPresent() ? 1 : 0;
        List<String> inCatalog = parts.subList(Math.min(start, end), end);
        String full = String.join(".", Stream.concat(Stream.of(Catalogs.SYSTEM), inCatalog.stream()).toList());
        return switch (target.level()) {
            case CATALOG -> "MANAGE on Catalog '" + Catalogs.SYSTEM + "'";
            case SCHEMA -> verb.equals("CREATE") ? "CREATE SCHEMA on Catalog '" + Catalogs.SYSTEM + "'"
                    : "MANAGE on Schema '" + full + "'";
            case TABLE -> tablePrivilege(verb, full, inCatalog);
        };
    }

    private static String tablePrivilege(String verb, String full, List<String> inCatalog) {
        if (DATA_WRITES.contains(verb)) {
            return "MODIFY on Table '" + full + "'";
        }
        if (verb.equals("CREATE")) {
            return inCatalog.size() >= 2 ? "CREATE TABLE on Schema '" + full.substring(0, full.lastIndexOf('.')) + "'"
                    : "CREATE TABLE on Catalog '" + Catalogs.SYSTEM + "'";
        }
        return "MANAGE on Table '" + full + "'";
    }
}
