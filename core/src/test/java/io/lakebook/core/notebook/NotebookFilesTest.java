package io.lakebook.core.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.core.output.ErrorOutput;
import io.lakebook.core.output.TextOutput;
import io.lakebook.core.output.ValueOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotebookFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOTEBOOK = """
            {"cells": [
              {"cell_type": "markdown", "id": "intro", "metadata": {"tags": ["keep"]}, "source": ["# Orders\\n"]},
              {"cell_type": "code", "id": "load", "metadata": {"collapsed": true}, "execution_count": 3,
               "source": ["x = 1\\n", "x"],
               "outputs": [{"output_type": "execute_result", "execution_count": 3, "metadata": {},
                            "data": {"text/plain": ["1"]}}]},
              {"cell_type": "code", "id": "plot", "metadata": {}, "execution_count": null, "source": "y = 2",
               "outputs": []}
             ],
             "metadata": {"kernelspec": {"name": "databricks", "display_name": "Databricks", "language": "python"},
                          "custom": {"owner": "analyst"}},
             "nbformat": 4, "nbformat_minor": 5}
            """;

    @TempDir
    Path dir;

    private Path notebook(String content) throws IOException {
        Path file = dir.resolve("orders.ipynb");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void anEditKeepsMetadataAndTheOutputsOfCellsItDidNotTouch() throws IOException {
        Path file = notebook(NOTEBOOK);
        String version = NotebookFiles.read(file).version();

        NotebookFiles.update(file, version, nb -> {
            nb.cell(CellRef.id("plot")).setSource("y = 3\n");
            return nb.insert(1, CellType.CODE, "print('new')");
        });

        JsonNode saved = JSON.readTree(file.toFile());
        assertEquals("analyst", saved.at("/metadata/custom/owner").asText());
        assertEquals("keep", saved.at("/cells/0/metadata/tags/0").asText());
        assertEquals(true, saved.at("/cells/2/metadata/collapsed").asBoolean());
        assertEquals("1", saved.at("/cells/2/outputs/0/data/text~1plain/0").asText());
        assertEquals(3, saved.at("/cells/2/execution_count").asInt());
        assertEquals("y = 3\n", saved.at("/cells/3/source").asText(), "a string source stays a string");
        assertEquals("print('new')", saved.at("/cells/1/source/0").asText());
        assertNbformatValid(file);
    }

    @Test
    void aStaleVersionIsRefusedAndTheFileKeepsEveryByte() throws IOException {
        Path file = notebook(NOTEBOOK);
        String version = NotebookFiles.read(file).version();
        Files.writeString(file, NOTEBOOK.replace("# Orders", "# Orders (edited in JupyterLab)"));
        byte[] before = Files.readAllBytes(file);

        VersionConflictException e = assertThrows(VersionConflictException.class, () ->
                NotebookFiles.update(file, version, nb -> nb.insert(0, CellType.CODE, "lost = True")));

        assertArrayEquals(before, Files.readAllBytes(file));
        assertTrue(e.getMessage().contains("Nothing was written"), e.getMessage());
        assertEquals(NotebookFiles.version(before), e.currentVersion());
    }

    @Test
    void cellsWithoutIdsGetTheSameIdsOnEveryReadAndKeepThemOnWrite() throws IOException {
        Path file = notebook(NOTEBOOK.replace("\"id\": \"intro\", ", "").replace("\"nbformat_minor\": 5",
                "\"nbformat_minor\": 4"));
        NotebookFiles.Snapshot first = NotebookFiles.read(file);
        String id = first.notebook().cells().get(0).id();
        assertEquals(id, NotebookFiles.read(file).notebook().cells().get(0).id());

        NotebookFiles.update(file, first.version(), nb -> nb.insert(0, CellType.MARKDOWN, "top"));

        Notebook after = NotebookFiles.read(file).notebook();
        assertEquals("# Orders\n", after.cell(CellRef.id(id)).source());
        assertEquals(5, JSON.readTree(file.toFile()).path("nbformat_minor").asInt());
        assertNbformatValid(file);
    }

    @Test
    void concurrentChangesToOneNotebookAreAllKept() throws Exception {
        Path file = notebook(NOTEBOOK);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String source = "value = " + i;
                writes.add(pool.submit(() -> NotebookFiles.merge(file, nb -> nb.insert(nb.size(), CellType.CODE,
                        source))));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdown();
        }

        Notebook notebook = NotebookFiles.read(file).notebook();
        assertEquals(43, notebook.size());
        for (int i = 0; i < 40; i++) {
            String source = "value = " + i;
            assertTrue(notebook.cells().stream().anyMatch(c -> c.source().equals(source)), source);
        }
        assertNbformatValid(file);
    }

    @Test
    void runOutputsAreWrittenInNbformatShape() throws IOException {
        Path file = notebook(NOTEBOOK);
        NotebookFiles.merge(file, nb -> {
            nb.cell(CellRef.id("plot")).setOutputs(NbOutputs.of(List.of(new TextOutput("hi\n"),
                    new ValueOutput("2"), new ErrorOutput("ValueError", "bad", List.of("ValueError: bad"))), 7), 7);
            return null;
        });

        JsonNode cell = JSON.readTree(file.toFile()).at("/cells/2");
        assertEquals(7, cell.path("execution_count").asInt());
        assertEquals("stream", cell.at("/outputs/0/output_type").asText());
        assertEquals("execute_result", cell.at("/outputs/1/output_type").asText());
        assertEquals("ValueError", cell.at("/outputs/2/ename").asText());
        assertNbformatValid(file);
    }

    @Test
    void aSourceNotebookReadsMarkdownMagicsAndCodeAndWritesUntouchedCellsBackAsTheyWere() throws IOException {
        String text = """
                # Databricks notebook source
                # MAGIC %md
                # MAGIC # Revenue
                # MAGIC
                # MAGIC by day

                # COMMAND ----------

                # MAGIC %sql
                # MAGIC SELECT 1

                # COMMAND ----------

                df = spark.table("orders")
                display(df)
                """;
        Path file = dir.resolve("revenue.py");
        Files.writeString(file, text);
        NotebookFiles.Snapshot snapshot = NotebookFiles.read(file);
        List<Cell> cells = snapshot.notebook().cells();
        assertEquals(CellType.MARKDOWN, cells.get(0).type());
        assertEquals("# Revenue\n\nby day", cells.get(0).source());
        assertEquals("%sql\nSELECT 1", cells.get(1).source());
        assertEquals(CellType.CODE, cells.get(2).type());

        NotebookFiles.update(file, snapshot.version(), nb -> {
            nb.cell(CellRef.index(2)).setSource("df = spark.table('orders')\ndf.count()");
            return nb.insert(3, CellType.MARKDOWN, "Done");
        });

        String saved = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(saved.startsWith(text.substring(0, text.indexOf("df = "))), saved);
        assertTrue(saved.endsWith("df.count()\n\n# COMMAND ----------\n\n# MAGIC %md\n# MAGIC Done\n"), saved);
        Notebook reread = NotebookFiles.read(file).notebook();
        assertEquals(cells.get(0).id(), reread.cells().get(0).id(), "an unchanged cell keeps its id");
        assertNotEquals(cells.get(2).id(), reread.cells().get(2).id(), "an edited cell gets a new id");
    }

    @Test
    void aMissingCellIsNamedWithTheIdsThereAre() throws IOException {
        Notebook notebook = NotebookFiles.read(notebook(NOTEBOOK)).notebook();

        NotebookException e = assertThrows(NotebookException.class, () -> notebook.cell(CellRef.id("nope")));

        assertEquals("No cell has id 'nope'. The notebook's cell ids are: intro, load, plot. Read the notebook "
                + "again to see its current cells.", e.getMessage());
    }

    /** Jupyter's own validator, from Debian's python3-nbformat. */
    private static void assertNbformatValid(Path file) throws IOException {
        Process process = new ProcessBuilder("/usr/bin/python3", "-c", "import sys, nbformat; "
                + "nbformat.validate(nbformat.read(sys.argv[1], as_version=4)); print('valid')", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertEquals("valid", output.strip(), output);
    }

    @Test
    void theVersionChangesWithAnyByteAndItsOrderAndStaysForTheSameBytes() {
        byte[] original = NOTEBOOK.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] edited = original.clone();
        edited[original.length / 2] ^= 1;
        byte[] swapped = original.clone();
        swapped[10] = original[11];
        swapped[11] = original[10];

        String version = NotebookFiles.version(original);

        assertTrue(version.matches("[0-9a-f]{16}"), version);
        assertEquals(version, NotebookFiles.version(original.clone()));
        assertNotEquals(version, NotebookFiles.version(edited));
        assertNotEquals(version, NotebookFiles.version(swapped));
        assertNotEquals(version, NotebookFiles.version(java.util.Arrays.copyOf(original, original.length + 1)));
    }
}
