package io.lakebook.emulator.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lakebook.emulator.http.ApiException;
import io.lakebook.emulator.http.ApiRequest;
import io.lakebook.emulator.http.ApiServer;
import io.lakebook.emulator.http.ErrorStyle;
import io.lakebook.emulator.http.Json;
import io.lakebook.emulator.sql.SqlEngine;
import io.lakebook.emulator.sql.SqlType;
import io.lakebook.emulator.sql.TableEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Unity Catalog 2.1 listings over the SQL engine (reference §7): what a statement can query is what the catalog
 * lists. Lists are paged by name with an opaque token; {@code max_results=0}, which the SDK sends by default
 * (reference §1.6), means the server's page size, and every page carries its items array, even when empty.
 */
public final class UnityCatalogApi {
    private static final String BASE = "/api/2.1/unity-catalog/";
    /** ⚠ reference §7: "min(value, server max)"; the server's maximum is not published. */
    private static final int MAX_PAGE = 1000;
    private static final String METASTORE_ID = "5a1b2c3d-0000-4000-8000-00000000e002";

    private final SqlEngine engine;
    private final int pageSize;
    private final String owner;
    private final long createdAt;

    public UnityCatalogApi(SqlEngine engine, int pageSize, String owner, long createdAt) {
        this.engine = engine;
        this.pageSize = pageSize;
        this.owner = owner;
        this.createdAt = createdAt;
    }

    public void register(ApiServer server) {
        server.route("GET", BASE + "catalogs", ErrorStyle.STANDARD, this::listCatalogs);
        server.routePrefix("GET", BASE + "catalogs/", ErrorStyle.STANDARD,
                request -> catalog(requireCatalog(rest(request, "catalogs/"))));
        server.route("GET", BASE + "schemas", ErrorStyle.STANDARD, this::listSchemas);
        server.routePrefix("GET", BASE + "schemas/", ErrorStyle.STANDARD, this::getSchema);
        server.route("GET", BASE + "tables", ErrorStyle.STANDARD, this::listTables);
        server.routePrefix("GET", BASE + "tables/", ErrorStyle.STANDARD, this::getTable);
    }

    private Object listCatalogs(ApiRequest request) {
        List<CatalogInfo> catalogs = engine.catalogs().stream().map(this::catalog).toList();
        return page("catalogs", catalogs, CatalogInfo::name, request);
    }

    private Object listSchemas(ApiRequest request) {
        String catalog = requireCatalog(request.required("catalog_name"));
        List<SchemaInfo> schemas = engine.schemas(catalog).stream().map(name -> schema(catalog, name)).toList();
        return page("schemas", schemas, SchemaInfo::name, request);
    }

    private Object getSchema(ApiRequest request) {
        String[] parts = split(rest(request, "schemas/"), 2, "catalog.schema");
        return schema(requireCatalog(parts[0]), requireSchema(parts[0], parts[1]));
    }

    private Object listTables(ApiRequest request) {
        String catalog = requireCatalog(request.required("catalog_name"));
        String schema = requireSchema(catalog, request.required("schema_name"));
        boolean omitColumns = request.optional("omit_columns").map(Boolean::parseBoolean).orElse(false);
        List<TableInfo> tables = engine.tables(catalog, schema).stream().map(entry -> table(entry, omitColumns))
                .toList();
        return page("tables", tables, TableInfo::name, request);
    }

    private Object getTable(ApiRequest request) {
        String rest = rest(request, "tables/");
        boolean exists = rest.endsWith("/exists");
        String[] parts = split(exists ? rest.substring(0, rest.length() - "/exists".length()) : rest, 3,
                "catalog.schema.table");
        if (exists) {
            boolean found = engine.catalogs().contains(parts[0]) && engine.schemas(parts[0]).contains(parts[1])
                    && engine.table(parts[0], parts[1], parts[2]).isPresent();
            return Map.of("table_exists", found);
        }
        requireSchema(requireCatalog(parts[0]), parts[1]);
        TableEntry entry = engine.table(parts[0], parts[1], parts[2]).orElseThrow(() -> new ApiException(404,
                "TABLE_DOES_NOT_EXIST", "Table '" + String.join(".", parts) + "' does not exist."));
        return table(entry, false);
    }

    /** One page of {@code items}, sorted by key, after the token's key; the token is absent on the last page. */
    private <T> Map<String, Object> page(String field, List<T> items, Function<T, String> key, ApiRequest request) {
        int size = size(request);
        String after = request.optional("page_token").map(UnityCatalogApi::decodeToken).orElse(null);
        List<T> sorted = new ArrayList<>(items);
        sorted.sort((a, b) -> key.apply(a).compareTo(key.apply(b)));
        List<T> remaining = sorted.stream().filter(item -> after == null || key.apply(item).compareTo(after) > 0)
                .toList();
        Map<String, Object> page = new LinkedHashMap<>();
        List<T> taken = remaining.subList(0, Math.min(size, remaining.size()));
        page.put(field, taken);
        if (remaining.size() > taken.size()) {
            page.put("next_page_token", encodeToken(key.apply(taken.get(taken.size() - 1))));
        }
        return page;
    }

    /** reference §7 {@code max_results}: absent = all, 0 = server page size, above 0 = up to the maximum. */
    private int size(ApiRequest request) {
        String text = request.optional("max_results").orElse(null);
        if (text == null) {
            return Integer.MAX_VALUE;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= 0) {
                return value == 0 ? pageSize : Math.min(value, MAX_PAGE);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("max_results must be 0 or more, got '" + text + "'");
    }

    private static String encodeToken(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("after:" + lastKey)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith("after:")) {
                return text.substring("after:".length());
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ApiException.badRequest("page_token '" + token + "' is not a token this server issued; pass the "
                + "next_page_token of the previous page");
    }

    private String requireCatalog(String name) {
        String catalog = name.toLowerCase(Locale.ROOT);
        if (!engine.catalogs().contains(catalog)) {
            // ⚠ reference §7: 404 and this wording; the error_code is unconfirmed (any 404 is NotFound to the SDK).
            throw new ApiException(404, "CATALOG_DOES_NOT_EXIST", "Catalog '" + name + "' does not exist.");
        }
        return catalog;
    }

    private String requireSchema(String catalog, String name) {
        String schema = name.toLowerCase(Locale.ROOT);
        if (!engine.schemas(catalog).contains(schema)) {
            // ⚠ as for catalogs.
            throw new ApiException(404, "SCHEMA_DOES_NOT_EXIST", "Schema '" + catalog + "." + name
                    + "' does not exist.");
        }
        return schema;
    }

    private CatalogInfo catalog(String name) {
        String type = name.equals("system") ? "SYSTEM_CATALOG" : "MANAGED_CATALOG";
        String comment = switch (name) {
            case "system" -> "System catalog (auto-created)";
            case "samples" -> "Sample data: nyctaxi and tpch, a small copy in lakebook's emulator";
            default -> "Main catalog (auto-created)";
        };
        String by = name.equals("system") ? "System user" : owner;
        return new CatalogInfo(name, name, type, comment, by, METASTORE_ID, createdAt, by, "CATALOG", "OPEN", false);
    }

    private SchemaInfo schema(String catalog, String name) {
        String fullName = catalog + "." + name;
        return new SchemaInfo(name, catalog, fullName, engine.schemaComment(catalog, name), owner, stableId(fullName),
                METASTORE_ID, createdAt, owner);
    }

    private TableInfo table(TableEntry entry, boolean omitColumns) {
        List<TableInfo.ColumnInfo> columns = omitColumns ? null : entry.columns().stream().map(column -> {
            SqlType type = column.type();
            return new TableInfo.ColumnInfo(column.name(), type.name(), type.text(),
                    typeJson(SqlType.field(column.name(), type, column.nullable())), column.position(),
                    column.nullable(), column.comment(), type.precision(), type.scale());
        }).toList();
        return new TableInfo(entry.name(), entry.catalog(), entry.schema(), entry.fullName(),
                entry.view() ? "VIEW" : "MANAGED", entry.view() ? null : "DELTA", columns, entry.comment(), owner,
                stableId(entry.fullName()), METASTORE_ID, createdAt, owner, createdAt);
    }

    private static String typeJson(Map<String, Object> field) {
        try {
            return Json.MAPPER.writeValueAsString(field);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String stableId(String fullName) {
        return UUID.nameUUIDFromBytes(fullName.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String rest(ApiRequest request, String what) {
        return request.path().substring((BASE + what).length());
    }

    private static String[] split(String fullName, int parts, String shape) {
        String[] split = fullName.toLowerCase(Locale.ROOT).split("\\.", -1);
        if (split.length != parts || List.of(split).contains("")) {
            throw ApiException.badRequest("The name must have the form " + shape + ", got '" + fullName + "'");
        }
        return split;
    }
}
