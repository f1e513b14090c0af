package io.lakebook.contract.checks;

import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.service.catalog.ListTablesRequest;
import com.databricks.sdk.service.catalog.ListTablesResponse;
import com.databricks.sdk.service.catalog.TableInfo;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import io.lakebook.contract.Check;
import io.lakebook.contract.Expect;
import io.lakebook.contract.Source;
import io.lakebook.contract.Target;
import io.lakebook.core.sql.Catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Unity Catalog listings, through the SDK and lakebook's {@link Catalog}, in the scratch
 * schema, which the first of these checks fills with three small tables.
 */
final class CatalogChecks {

    private static final String AREA = "catalog";
    private static final List<String> TABLES = List.of("t1", "t2", "t3");

    private CatalogChecks() {
    }

    static List<Check> checks() {
        return List.of(
                new Check(AREA, "the catalog list holds the scratch schema's catalog",
                        Source.documented(Docs.api("catalogs/list")), CatalogChecks::catalogIsListed),
                new Check(AREA, "table pages of max_results=1 carry their array with every token; no token ends "
                        + "the list", Source.documented(Docs.api("tables/list")), CatalogChecks::tablesPage),
                new Check(AREA, "lakebook's Catalog pages tables with the server's tokens",
                        Source.documented(Docs.api("tables/list")), CatalogChecks::lakebookPagesTables),
                new Check(AREA, "a table describes its columns with type_text",
                        Source.documented(Docs.api("tables/get")), CatalogChecks::tableDescribesColumns),
                new Check(AREA, "an unknown table is NotFound (404)", Source.unstated(Docs.api("tables/get")),
                        CatalogChecks::unknownTableIsNotFound));
    }

    /** The scratch schema, holding {@link #TABLES}. */
    private static String filled(Target target) throws Exception {
        String schema = target.scratchSchema();
        for (String table : TABLES) {
            String name = schema + "." + table;
            if (!target.workspace().tables().exists(name).getTableExists()) {
                succeeds(target, "CREATE TABLE " + Target.quoted(name) + " (id INT, label STRING)");
                succeeds(target, "COMMENT ON TABLE " + Target.quoted(name) + " IS 'lakebook selftest'");
            }
        }
        return schema;
    }

    private static void succeeds(Target target, String statement) throws InterruptedException {
        StatementResponse made = target.statement(statement);
        Expect.equal(StatementState.SUCCEEDED, made.getStatus().getState(), statement + " (" + Target.errorOf(made)
                + ")");
    }

    private static void catalogIsListed(Target target) throws Exception {
        String catalog = target.scratchSchema().split("\\.")[0];
        Catalog.Page page = new Catalog(target.sql()).catalogs(10_000, Optional.empty());
        Expect.that(page.entries().stream().anyMatch(e -> e.name().equals(catalog)), "catalog " + catalog
                + " is not among " + page.entries().stream().map(Catalog.Entry::name).toList());
    }

    private static void tablesPage(Target target) throws Exception {
        String[] parts = filled(target).split("\\.");
        Set<String> names = new TreeSet<>();
        String token = null;
        int pages = 0;
        do {
            ListTablesResponse page = target.workspace().tables().impl().list(new ListTablesRequest()
                    .setCatalogName(parts[0]).setSchemaName(parts[1]).setMaxResults(1L).setPageToken(token)
                    .setOmitColumns(true));
            token = page.getNextPageToken() == null || page.getNextPageToken().isEmpty() ? null
                    : page.getNextPageToken();
            Expect.that(token == null || page.getTables() != null, "a page with a next_page_token has no tables "
                    + "array, which ends the SDK's iteration (reference §1.6)");
            List<TableInfo> tables = page.getTables() == null ? List.of() : List.copyOf(page.getTables());
            Expect.that(tables.size() <= 1, "a page of max_results=1 holds " + tables.size() + " tables");
            tables.forEach(t -> names.add(t.getName()));
            Expect.that(++pages <= 20, "more than 20 pages for 3 tables");
        } while (token != null);
        Expect.equal(new TreeSet<>(TABLES), names, "tables listed over " + pages + " pages");
    }

    private static void lakebookPagesTables(Target target) throws Exception {
        String[] parts = filled(target).split("\\.");
        Catalog catalog = new Catalog(target.sql());
        List<String> names = new ArrayList<>();
        Catalog.Page page = catalog.tables(parts[0], parts[1], 2, Optional.empty());
        page.entries().forEach(e -> names.add(e.name()));
        Expect.that(page.nextPageToken().isPresent() || names.size() == TABLES.size(), "the first page of 2 of 3 "
                + "tables has no token: " + names);
        while (page.nextPageToken().isPresent()) {
            page = catalog.tables(parts[0], parts[1], 2, page.nextPageToken());
            page.entries().forEach(e -> names.add(e.name()));
        }
        Expect.equal(TABLES, names.stream().sorted().toList(), "tables over lakebook's pages, each once");
    }

    private static void tableDescribesColumns(Target target) throws Exception {
        String name = filled(target) + ".t1";
        Catalog.Description description = new Catalog(target.sql()).describe(name);
        Expect.equal(name, description.fullName(), "full_name");
        Expect.equal(List.of("id:int", "label:string"), description.columns().stream()
                .map(c -> c.name() + ":" + c.type().toLowerCase(java.util.Locale.ROOT)).toList(), "columns");
        Expect.equal("lakebook selftest", description.comment(), "comment");
    }

    private static void unknownTableIsNotFound(Target target) throws Exception {
        String name = target.scratchSchema() + ".absent";
        Expect.fails(NotFound.class, () -> target.workspace().tables().get(name), "tables/get of " + name);
    }
}
