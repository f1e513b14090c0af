package io.lakebook.core.notebook;

import io.lakebook.emulator.faults.Trials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Notebooks that are broken, old or huge: a clear message or a correct edit, and the file never half-written. */
class NotebookFilesFaultsTest {

    @TempDir
    Path dir;

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aNotebookThatIsNotJsonIsNamedWithItsLineAndLeftAsItWas() throws IOException {
        Path file = dir.resolve("broken.ipynb");
        byte[] original = "{\"cells\": [\n  {\"cell_type\": \"code\",\n   \"source\": oops}\n]}".getBytes(
                StandardCharsets.UTF_8);
        Files.write(file, original);

        NotebookException read = assertThrows(NotebookException.class, () -> NotebookFiles.read(file));
        NotebookException merge = assertThrows(NotebookException.class, () -> NotebookFiles.merge(file, nb -> 1));

        assertTrue(read.getMessage().startsWith("broken.ipynb: The file is not valid notebook JSON (line 3: "),
                read.getMessage());
        assertTrue(read.getMessage().contains("lakebook changed nothing in it"), read.getMessage());
        assertEquals(read.getMessage(), merge.getMessage());
        assertArrayEquals(original, Files.readAllBytes(file));
        assertEquals(List.of("broken.ipynb"), names(dir));
        Trials.record("files", "a notebook that is not valid JSON", 2, "the message names the file and line 3 and "
                + "the way to repair it", "nothing: the file as it was");
    }

    @Test
    void anNbformat3NotebookSaysHowToUpgradeIt() throws IOException {
        Path file = dir.resolve("old.ipynb");
        byte[] original = "{\"nbformat\": 3, \"nbformat_minor\": 0, \"worksheets\": [], \"cells\": []}".getBytes(
                StandardCharsets.UTF_8);
        Files.write(file, original);

        NotebookException e = assertThrows(NotebookException.class, () -> NotebookFiles.read(file));

        assertTrue(e.getMessage().startsWith("old.ipynb: This notebook is in nbformat 3; lakebook reads nbformat 4."),
                e.getMessage());
        assertTrue(e.getMessage().contains("jupyter nbconvert --to notebook --inplace"), e.getMessage());
        assertArrayEquals(original, Files.readAllBytes(file));
        Trials.record("files", "an nbformat 3 notebook", 1, "the message says lakebook reads nbformat 4 and how to "
                + "upgrade it", "nothing: the file as it was");
    }

    /**
     * A 200 MB notebook (large outputs, as plots embedded in a notebook make): it is read, one cell is changed, and
     * the whole file is written again in one step, keeping every output. Each output is one 25 MB string, longer
     * than the JSON library reads by default (a limit lakebook lifted; Jupyter has none).
     */
    @Test
    void aTwoHundredMegabyteNotebookIsReadAndEditedWhole() throws IOException {
        Path file = dir.resolve("huge.ipynb");
        int cells = 8;
        int outputChars = 25 * 1024 * 1024;
        writeHuge(file, cells, outputChars);
        long size = Files.size(file);
        assertTrue(size > 200_000_000L, size + " bytes");
        long started = System.nanoTime();

        NotebookFiles.Snapshot snapshot = NotebookFiles.read(file);
        NotebookFiles.update(file, snapshot.version(), nb -> {
            nb.cells().get(0).setSource("print('edited')\n");
            return null;
        });

        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        Notebook after = NotebookFiles.read(file).notebook();
        assertEquals(cells, after.size());
        assertEquals("print('edited')\n", after.cells().get(0).source());
        assertEquals(outputChars, after.cells().get(cells - 1).outputs().get(0).path("data").path("image/png")
                .asText().length());
        assertEquals(List.of("huge.ipynb", "huge.ipynb.lakebook-backup"), names(dir));
        Trials.record("files", "a " + size / 1_000_000 + " MB notebook read and one cell edited", 1, "read and "
                + "written whole in " + seconds + " s, every output kept", "nothing");
    }

    private static void writeHuge(Path file, int cells, int outputChars) throws IOException {
        byte[] png = "iVBORw0KGgo".repeat(outputChars / 11 + 1).substring(0, outputChars)
                .getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write("{\"cells\": [".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < cells; i++) {
                String head = (i == 0 ? "" : ",") + "{\"cell_type\": \"code\", \"id\": \"c" + i + "\", \"metadata\": "
                        + "{}, \"execution_count\": " + (i + 1) + ", \"source\": \"plot(" + i + ")\", \"outputs\": "
                        + "[{\"output_type\": \"display_data\", \"metadata\": {}, \"data\": {\"image/png\": \"";
                out.write(head.getBytes(StandardCharsets.UTF_8));
                out.write(png);
                out.write("\"}}]}".getBytes(StandardCharsets.UTF_8));
            }
            out.write(("], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }
}
