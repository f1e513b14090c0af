package io.lakebook.installer.goose;

/**
 * lakebook's block in Goose's global hints file ({@code ~/.config/goose/.goosehints}, read in every session when the
 * Developer extension is on; goose-and-mcp.md §1.7): which lakebook tools to use for notebooks, code on the cluster
 * and SQL, and the house rules. The block sits between two marker lines, so that it can be replaced or removed
 * without touching the user's own hints around it.
 */
public final class GooseHints {
    public static final String FILE_NAME = ".goosehints";
    static final String BEGIN = "<!-- lakebook: begin. Written by `lakebook install`; `lakebook uninstall` removes it."
            + " -->";
    static final String END = "<!-- lakebook: end -->";
    static final String BODY = """
            # Databricks notebooks, the cluster and SQL (the lakebook extension)

            When the lakebook extension is loaded, the user's notebooks run on their Databricks cluster, not on this \
            machine. Its tools reach you as lakebook__<tool>.
            - Notebooks: notebook_list, then notebook_read (it gives cell ids and a version). Change cells only with \
            cell_insert, cell_edit, cell_delete and cell_move, passing that version as expected_version, and never \
            by editing the .ipynb file as text. notebook_create makes a new one; outputs_clear clears outputs.
            - Running: notebook_run runs a notebook's cells on the cluster, code_run a snippet in the same Python \
            session. A long run answers with a handle: follow it with run_poll, stop it with run_cancel. \
            context_restart starts a fresh session and forgets every variable.
            - The cluster: check cluster_status first. Start it with cluster_start only when the user agrees: a start \
            takes minutes and costs money.
            - SQL on the SQL warehouse: catalog_list and table_describe before writing a query, table_sample to look \
            at rows, then sql_run (follow a handle with sql_poll, stop with sql_cancel).

            House rules:
            - SQL is read-only. Do not set allow_writes unless the user asked for that change in this conversation, \
            and say what will change before running it.
            - Keep results small: filter, aggregate and LIMIT rather than reading whole tables.
            - Never ask for, print or store tokens or passwords. Sign-in is `lakebook login`; when something is not \
            set up, suggest `lakebook doctor`.
            """;

    private GooseHints() {
    }

    /** {@code text} with lakebook's block in it: the old block replaced, or the block added at the end. */
    public static String apply(String text) {
        String block = BEGIN + "\n" + BODY + END + "\n";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END, Math.max(begin, 0));
        if (begin >= 0 && end > begin) {
            return text.substring(0, begin) + block + text.substring(lineEnd(text, end + END.length()));
        }
        if (text.isEmpty()) {
            return block;
        }
        return text + (text.endsWith("\n") ? "\n" : "\n\n") + block;
    }

    /** {@code text} without lakebook's block, and without the blank line that {@link #apply} put before it. */
    public static String remove(String text) {
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END, Math.max(begin, 0));
        if (begin < 0 || end < begin) {
            return text;
        }
        String before = text.substring(0, begin);
        String after = text.substring(lineEnd(text, end + END.length()));
        if (after.isEmpty() && before.endsWith("\n\n")) {
            before = before.substring(0, before.length() - 1);
        }
        return before + after;
    }

    public static boolean present(String text) {
        return text.contains(BEGIN) && text.contains(END);
    }

    private static int lineEnd(String text, int from) {
        return from < text.length() && text.charAt(from) == '\n' ? from + 1 : from;
    }
}
