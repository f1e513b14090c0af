package io.lakebook.core.magic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellMagicsTest {

    @Test
    void plainPythonIsSentAsTyped() {
        assertEquals(new Cell.Remote("x = 1\n%pip list"), CellMagics.parse("x = 1\n%pip list"));
    }

    @Test
    void magicsLakebookDoesNotHandleGoToTheClusterUnchanged() {
        for (String code : List.of("%pip install requests", "%fs ls /", "%matplotlib inline\nplot()")) {
            assertEquals(new Cell.Remote(code), CellMagics.parse(code), code);
        }
    }

    @Test
    void markdownCoversTheWholeCell() {
        assertEquals(new Cell.Markdown("# Title\ntext"), CellMagics.parse("%md # Title\ntext"));
        assertEquals(new Cell.Markdown("# Title"), CellMagics.parse("\n%%md\n# Title"));
    }

    @Test
    void pythonMagicIsDropped() {
        assertEquals(new Cell.Remote("x = 1"), CellMagics.parse("%python\nx = 1"));
    }

    @Test
    void sqlBecomesDisplayOfSparkSqlWithTheQueryAsAPythonString() {
        assertEquals(new Cell.Remote("display(spark.sql(\"SELECT 'a\\\\n' AS \\\"x\\\"\\nFROM t\"))"),
                CellMagics.parse("%sql SELECT 'a\\n' AS \"x\"\nFROM t;"));
    }

    @Test
    void shellRunsInANamespaceOfItsOwn() {
        Cell.Remote shell = (Cell.Remote) CellMagics.parse("%sh\nls -l | wc -l");
        assertTrue(shell.code().startsWith("exec("), shell.code());
        assertTrue(shell.code().endsWith(", {\"SCRIPT\": \"ls -l | wc -l\"})"), shell.code());
    }

    @Test
    void runAndLakebookKeepTheirArguments() {
        assertEquals(new Cell.RunNotebook("./setup.ipynb"), CellMagics.parse("%run \"./setup.ipynb\""));
        assertEquals(new Cell.Lakebook(List.of("timeout", "15m")), CellMagics.parse("%lakebook  timeout 15m"));
    }

    @Test
    void runFindsNotebooksWithoutTheirExtensionAndReadsBothFormats(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("setup.ipynb"), "{\"cells\": [{\"cell_type\": \"code\", \"source\": "
                + "[\"a = 1\\n\", \"b = 2\"]}, {\"cell_type\": \"markdown\", \"source\": \"# no\"}, "
                + "{\"cell_type\": \"code\", \"source\": \"  \"}]}");
        Files.writeString(dir.resolve("job.py"), "# Databricks notebook source\nx = 1\n\n# COMMAND ----------\n\n"
                + "# MAGIC %md\n# MAGIC # Title\n");
        assertEquals(List.of("a = 1\nb = 2"), LocalNotebook.codeCells(LocalNotebook.find(dir, "./setup")));
        assertEquals(List.of("x = 1", "%md\n# Title"), LocalNotebook.codeCells(LocalNotebook.find(dir, "job")));
        Exception missing = assertThrows(RuntimeException.class, () -> LocalNotebook.find(dir, "./other"));
        assertTrue(missing.getMessage().contains("tried ./other, ./other.ipynb and ./other.py"), missing.getMessage());
    }
}
