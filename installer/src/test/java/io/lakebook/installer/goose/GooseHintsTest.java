package io.lakebook.installer.goose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GooseHintsTest {
    private static final String OWN = "Answer in British English.\n\n@docs/conventions.md\n";

    @Test
    void addsItsBlockAfterTheUsersHintsAndRemovesItWithoutATrace() {
        String withBlock = GooseHints.apply(OWN);

        assertTrue(withBlock.startsWith(OWN + "\n" + GooseHints.BEGIN + "\n"), withBlock);
        assertTrue(withBlock.endsWith(GooseHints.END + "\n"), withBlock);
        assertEquals(OWN, GooseHints.remove(withBlock));
        assertEquals("", GooseHints.remove(GooseHints.apply("")));
    }

    @Test
    void replacesAnEarlierBlockInPlaceAndAddsNothingTheSecondTime() {
        String older = OWN + "\n" + GooseHints.BEGIN + "\nold advice\n" + GooseHints.END + "\nMy notes after.\n";

        String updated = GooseHints.apply(older);

        assertEquals(OWN + "\n" + GooseHints.BEGIN + "\n" + GooseHints.BODY + GooseHints.END + "\nMy notes after.\n",
                updated);
        assertEquals(updated, GooseHints.apply(updated));
    }

    @Test
    void tellsWhichToolsToUseAndThatSqlIsReadOnly() {
        String block = GooseHints.apply("");

        for (String tool : new String[] {"notebook_read", "cell_edit", "notebook_run", "run_poll", "cluster_status",
            "sql_run", "catalog_list"}) {
            assertTrue(block.contains(tool), tool);
        }
        assertTrue(block.contains("SQL is read-only") && block.contains("allow_writes"), block);
    }
}
