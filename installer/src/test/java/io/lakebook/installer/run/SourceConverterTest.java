package io.lakebook.installer.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.core.error.LakebookException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceConverterTest {

    @TempDir
    Path dir;

    private static List<String> cells(ObjectNode notebook) {
        List<String> cells = new ArrayList<>();
        for (JsonNode cell : notebook.path("cells")) {
            cells.add(cell.path("cell_type").asText() + ":" + cell.path("source").asText());
        }
        return cells;
    }

    /** reference databricks-api.md §5.7: header line, COMMAND separators, MAGIC lines for Markdown. */
    @Test
    void readsADatabricksPythonSourceNotebook() {
        String source = "# Databricks notebook source\n# MAGIC %md\n# MAGIC ## Notes\n# MAGIC Some text\n\n"
                + "# COMMAND ----------\n\nx = 1\nprint(x)\n\n# COMMAND ----------\n\n# MAGIC %sql\n# MAGIC SELECT 1\n";

        ObjectNode notebook = SourceConverter.toNotebook(source, "job.py");

        assertEquals(List.of("markdown:## Notes\nSome text", "code:x = 1\nprint(x)", "code:%sql\nSELECT 1"),
                cells(notebook));
        assertEquals(4, notebook.path("nbformat").asInt());
        assertEquals("databricks", notebook.path("metadata").path("kernelspec").path("name").asText());
    }

    @Test
    void aSqlSourceNotebookBecomesSqlCells() {
        String source = "-- Databricks notebook source\nSELECT 1\n\n-- COMMAND ----------\n\nSELECT 2\n";

        assertEquals(List.of("code:%%sql\nSELECT 1", "code:%%sql\nSELECT 2"),
                cells(SourceConverter.toNotebook(source, "q.sql")));
    }

    @Test
    void aPercentScriptSplitsIntoCellsAndAPlainScriptIsOneCell() {
        String percent = "# %% [markdown]\n# # Title\n# %%\na = 1\n# %%\nprint(a)\n";

        assertEquals(List.of("markdown:# Title", "code:a = 1", "code:print(a)"),
                cells(SourceConverter.toNotebook(percent, "s.py")));
        assertEquals(List.of("code:import os\nprint(os.sep)"),
                cells(SourceConverter.toNotebook("import os\nprint(os.sep)\n", "plain.py")));
    }

    @Test
    void aPercentCellKeepsItsJupytextTags() {
        ObjectNode notebook = SourceConverter.toNotebook("# %% tags=[\"parameters\"]\nx = 10\n# %%\nprint(x)\n", "p.py");

        assertEquals("parameters", notebook.path("cells").path(0).path("metadata").path("tags").path(0).asText());
    }

    @Test
    void anOldNotebookIsRefusedWithTheConversionCommand() throws Exception {
        Path old = Files.writeString(dir.resolve("old.ipynb"), "{\"nbformat\": 3, \"worksheets\": [], \"cells\": []}");

        LakebookException e = assertThrows(LakebookException.class, () -> NotebookInput.read(old));

        assertTrue(e.getMessage().contains("nbformat 3 notebook; lakebook reads nbformat 4"), e.getMessage());
        assertTrue(e.getMessage().contains("jupyter nbconvert --to notebook old.ipynb"), e.getMessage());
    }
}
