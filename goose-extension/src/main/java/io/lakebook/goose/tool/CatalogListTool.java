package io.lakebook.goose.tool;

import io.lakebook.core.sql.Catalog;

import java.util.Optional;

/** {@code catalog_list}: the catalogs, a catalog's schemas, or a schema's tables, a page at a time. */
public final class CatalogListTool implements Tool {

    private static final int DEFAULT_LIMIT = 100;

    private static final ToolSpec SPEC = new ToolSpec("catalog_list", "List catalogs, schemas or tables",
            "Lists Unity Catalog: with no argument the catalogs; with catalog its schemas; with catalog and schema "
                    + "its tables and views. Long listings come in pages: pass the page_token it gives to go on.",
            Schema.object().string("catalog", false, "A catalog whose schemas (or, with schema, tables) to list.")
                    .string("schema", false, "A schema of catalog whose tables to list.")
                    .integer("limit", false, 1, 1000, "Most items per page; default " + DEFAULT_LIMIT + ".")
                    .string("page_token", false, "The page_token a previous catalog_list call gave, to go on."),
            Annotations.READ_REMOTE);

    private final Workbench workbench;

    public CatalogListTool(Workbench workbench) {
        this.workbench = workbench;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult call(Arguments args, CallContext context) throws Exception {
        Optional<String> catalog = args.optionalString("catalog").filter(s -> !s.isBlank());
        Optional<String> schema = args.optionalString("schema").filter(s -> !s.isBlank());
        if (schema.isPresent() && catalog.isEmpty()) {
            throw new ToolFailure("schema needs catalog too: give catalog (e.g. samples) and schema (e.g. nyctaxi).");
        }
        int limit = args.integer("limit", DEFAULT_LIMIT);
        Optional<String> token = args.optionalString("page_token");
        Catalog uc = new Catalog(SqlReport.open(workbench, context));
        String what = schema.map(s -> "Tables in " + catalog.get() + "." + s).or(() -> catalog.map(c -> "Schemas "
                + "in " + c)).orElse("Catalogs");
        Catalog.Page page = schema.isPresent() ? uc.tables(catalog.get(), schema.get(), limit, token)
                : catalog.isPresent() ? uc.schemas(catalog.get(), limit, token) : uc.catalogs(limit, token);
        return ToolResult.text(render(what, page, args));
    }

    private static String render(String what, Catalog.Page page, Arguments args) {
        StringBuilder text = new StringBuilder(what).append(" (").append(page.entries().size())
                .append(page.nextPageToken().isPresent() ? " on this page" : "").append("):");
        for (Catalog.Entry entry : page.entries()) {
            text.append("\n- ").append(entry.name());
            if (!entry.kind().isBlank()) {
                text.append(" [").append(entry.kind()).append(']');
            }
            if (!entry.comment().isBlank()) {
                text.append(" — ").append(entry.comment());
            }
        }
        page.nextPageToken().ifPresent(token -> text.append("\nMore: call catalog_list again with the same "
                + "arguments and page_token=\"").append(token).append("\"."));
        if (page.entries().isEmpty() && page.nextPageToken().isEmpty()) {
            text.append("\n(none)");
        }
        return text.toString();
    }
}
