package io.lakebook.core.sql;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.catalog.ColumnInfo;
import com.databricks.sdk.service.catalog.ListCatalogsRequest;
import com.databricks.sdk.service.catalog.ListCatalogsResponse;
import com.databricks.sdk.service.catalog.ListSchemasRequest;
import com.databricks.sdk.service.catalog.ListSchemasResponse;
import com.databricks.sdk.service.catalog.ListTablesRequest;
import com.databricks.sdk.service.catalog.ListTablesResponse;
import com.databricks.sdk.service.catalog.TableInfo;
import io.lakebook.core.remote.Failures;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Unity Catalog for readers: list catalogs, schemas and tables a page at a time, describe a table, sample its rows.
 * Listing pages follow the server's tokens (a page may hold fewer items than asked, even none; only a missing token
 * ends a listing, reference §7), and the token handed back lets a caller go on where it stopped.
 */
public final class Catalog {

    /** One listed item. {@code kind} is the catalog, schema or table type; {@code comment} may be empty. */
    public record Entry(String name, String kind, String comment) {
    }

    /** A page of a listing; {@code nextPageToken} is empty on the last page. */
    public record Page(List<Entry> entries, Optional<String> nextPageToken) {
    }

    /** A column of a described table. {@code partitionIndex} is set for partition columns. */
    public record Column(String name, String type, boolean nullable, String comment, Optional<Long> partitionIndex) {
    }

    /** A table as Unity Catalog describes it. */
    public record Description(String fullName, String tableType, String format, String comment, String owner,
                              List<Column> columns, String viewDefinition) {
    }

    /** A part of a name: letters, digits, underscores, hyphens; anything else must not reach SQL text. */
    private static final Pattern NAME_PART = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");

    private final WorkspaceClient workspace;
    private final Sql sql;

    public Catalog(Sql sql) {
        this.workspace = sql.workspace();
        this.sql = sql;
    }

    /** Catalogs, {@code limit} at most, from {@code pageToken} (empty for the first page). */
    public Page catalogs(int limit, Optional<String> pageToken) {
        return collect(limit, pageToken, token -> {
            ListCatalogsResponse page = Failures.call(() -> workspace.catalogs().impl().list(new ListCatalogsRequest()
                    .setMaxResults((long) limit).setPageToken(token)), "list catalogs");
            return new RawPage(entries(page.getCatalogs(), c -> new Entry(c.getName(),
                    kind(c.getCatalogType()), text(c.getComment()))), page.getNextPageToken());
        });
    }

    /** Schemas of {@code catalog}. */
    public Page schemas(String catalog, int limit, Optional<String> pageToken) {
        String name = part(catalog, "catalog");
        return collect(limit, pageToken, token -> {
            ListSchemasResponse page = Failures.call(() -> workspace.schemas().impl().list(new ListSchemasRequest()
                    .setCatalogName(name).setMaxResults((long) limit).setPageToken(token)),
                    "list the schemas of catalog " + name);
            return new RawPage(entries(page.getSchemas(), s -> new Entry(s.getName(), "SCHEMA",
                    text(s.getComment()))), page.getNextPageToken());
        });
    }

    /** Tables and views of {@code catalog.schema}, without their columns. */
    public Page tables(String catalog, String schema, int limit, Optional<String> pageToken) {
        String c = part(catalog, "catalog");
        String s = part(schema, "schema");
        return collect(limit, pageToken, token -> {
            ListTablesResponse page = Failures.call(() -> workspace.tables().impl().list(new ListTablesRequest()
                    .setCatalogName(c).setSchemaName(s).setMaxResults((long) limit).setPageToken(token)
                    .setOmitColumns(true).setOmitProperties(true)), "list the tables of " + c + "." + s);
            return new RawPage(entries(page.getTables(), t -> new Entry(t.getName(), kind(t.getTableType()),
                    text(t.getComment()))), page.getNextPageToken());
        });
    }

    /** The table's columns, types and comments. */
    public Description describe(String fullName) {
        String name = String.join(".", parts(fullName));
        TableInfo table = Failures.call(() -> workspace.tables().get(name), "describe table " + name);
        List<Column> columns = new ArrayList<>();
        Collection<ColumnInfo> infos = table.getColumns() == null ? List.of() : table.getColumns();
        infos.stream().sorted(Comparator.comparing(c -> c.getPosition() == null ? 0L : c.getPosition()))
                .forEach(c -> columns.add(new Column(c.getName(), c.getTypeText() != null ? c.getTypeText()
                        : String.valueOf(c.getTypeName()), !Boolean.FALSE.equals(c.getNullable()),
                        text(c.getComment()), Optional.ofNullable(c.getPartitionIndex()))));
        return new Description(table.getFullName(), kind(table.getTableType()), kind(table.getDataSourceFormat()),
                text(table.getComment()), text(table.getOwner()), columns, text(table.getViewDefinition()));
    }

    /**
     * Up to {@code rows} rows of the table, read with a read-only statement; waits up to {@code wait}.
     *
     * @return the statement's last state; when it has not ended, the caller may poll or cancel it by its id
     */
    public SqlStatus sample(String fullName, int rows, Duration wait, BooleanSupplier stop)
            throws InterruptedException {
        String quoted = String.join(".", parts(fullName).stream().map(p -> "`" + p + "`").toList());
        SqlStatus started = sql.start("SELECT * FROM " + quoted + " LIMIT " + rows,
                new SqlLimits(rows, SqlLimits.DEFAULT_CHARS, false));
        return started.ended() ? started : sql.await(started.statementId(), wait, stop);
    }

    /** {@code catalog.schema.table}, each part checked. */
    static List<String> parts(String fullName) {
        String[] parts = fullName.trim().replace("`", "").split("\\.", -1);
        if (parts.length != 3) {
            throw new SqlRefusedException("'" + fullName + "' is not a full table name. Give it as "
                    + "catalog.schema.table, e.g. samples.nyctaxi.trips; catalog_list lists what there is.");
        }
        return List.of(part(parts[0], "catalog"), part(parts[1], "schema"), part(parts[2], "table"));
    }

    private static String part(String name, String what) {
        String trimmed = name == null ? "" : name.trim();
        if (!NAME_PART.matcher(trimmed).matches()) {
            throw new SqlRefusedException("'" + name + "' is not a valid " + what + " name: use letters, digits, "
                    + "'_' and '-' only.");
        }
        return trimmed;
    }

    private record RawPage(List<Entry> entries, String nextPageToken) {
    }

    /** Reads pages until {@code limit} entries are gathered or the listing ends. */
    private static Page collect(int limit, Optional<String> start, Function<String, RawPage> fetch) {
        List<Entry> entries = new ArrayList<>();
        String token = start.filter(t -> !t.isBlank()).orElse(null);
        do {
            RawPage page = fetch.apply(token);
            entries.addAll(page.entries());
            token = page.nextPageToken() == null || page.nextPageToken().isBlank() ? null : page.nextPageToken();
        } while (token != null && entries.size() < limit);
        return new Page(entries, Optional.ofNullable(token));
    }

    private static <T> List<Entry> entries(Collection<T> items, Function<T, Entry> entry) {
        return items == null ? List.of() : items.stream().map(entry).toList();
    }

    private static String kind(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
