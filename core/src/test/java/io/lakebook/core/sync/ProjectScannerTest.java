package io.lakebook.core.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProjectScannerTest {
    @TempDir
    Path root;

    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private Scan scan(List<String> exclude) {
        return new ProjectScanner(root, new SyncSettings(true, exclude, SyncSettings.mb(10), SyncSettings.mb(100)),
                "lakebook.json").scan();
    }

    private static Map<String, String> reasons(Scan scan) {
        return scan.leftOut().stream().collect(Collectors.toMap(LeftOut::path, LeftOut::reason));
    }

    @Test
    void appliesGitignoreFilesAsGitDoesDeeperRulesWinAndNegationsReinclude() throws IOException {
        write(".gitignore", "*.log\nbuild/\n!keep.log\n");
        write("src/.gitignore", "!debug.log\ngenerated_*.py\n");
        write("a.log", "x");
        write("keep.log", "x");
        write("src/debug.log", "x");
        write("src/other.log", "x");
        write("src/generated_api.py", "x");
        write("src/main.py", "x");
        write("build/out.txt", "x");
        write("lib/build/inner.txt", "x");

        Scan scan = scan(List.of());

        assertEquals(List.of(".gitignore", "keep.log", "src/.gitignore", "src/debug.log", "src/main.py"),
                List.copyOf(scan.files().keySet()));
        Map<String, String> reasons = reasons(scan);
        assertEquals("matched a rule in .gitignore", reasons.get("a.log"));
        assertEquals("matched a rule in .gitignore", reasons.get("build/"));
        assertEquals("matched a rule in .gitignore", reasons.get("lib/build/"));
        assertEquals("matched a rule in src/.gitignore", reasons.get("src/generated_api.py"));
        assertFalse(reasons.containsKey("build/out.txt"), "nothing inside an ignored folder is looked at");
    }

    @Test
    void builtInDefaultsSyncExcludeAndNotebooksStayBehindAndCannotBeReincluded() throws IOException {
        write(".gitignore", "!.venv/\n!node_modules/\n");
        for (String folder : List.of(".git", ".venv", "__pycache__", ".databricks", "node_modules")) {
            write(folder + "/file", "x");
        }
        write("data/big.parquet", "x");
        write("reports/x.parquet", "x");
        write("analysis.ipynb", "{}");
        write("module.py", "x");

        Map<String, String> reasons = reasons(scan(List.of("data/", "*.parquet")));

        assertEquals("built-in default: .venv never travels", reasons.get(".venv/"));
        assertEquals("built-in default: node_modules never travels", reasons.get("node_modules/"));
        assertTrue(reasons.keySet().containsAll(List.of(".git/", "__pycache__/", ".databricks/")));
        assertEquals("matched sync.exclude in lakebook.json", reasons.get("data/"));
        assertEquals("matched sync.exclude in lakebook.json", reasons.get("reports/x.parquet"));
        assertTrue(reasons.get("analysis.ipynb").startsWith("a notebook"));
        assertFalse(reasons.containsKey("module.py"));
    }

    /**
     * Databricks does not import a source notebook as a module (docs.databricks.com, "Import Python modules from Git
     * folders or workspace files"), so a notebook saved as {@code .py}, {@code .sql} or {@code .scala} stays behind
     * like an {@code .ipynb}, and editing it sends nothing; a module that only mentions the marker later still goes.
     */
    @Test
    void databricksSourceNotebooksStayBehindAndModulesThatMentionTheMarkerTravel() throws IOException {
        write("etl.py", "# Databricks notebook source\nprint(1)\n\n# COMMAND ----------\nprint(2)\n");
        write("report.sql", "-- Databricks notebook source\nSELECT 1\n");
        write("Job.scala", "// Databricks notebook source\nprintln(1)\n");
        write("windows.py", "# Databricks notebook source\r\nprint(1)\r\n");
        write("helpers.py", "\"\"\"Not a notebook.\"\"\"\n# Databricks notebook source\n");
        write("notes.txt", "# Databricks notebook source\n");

        ProjectScanner scanner = new ProjectScanner(root, new SyncSettings(true, List.of(), SyncSettings.mb(10),
                SyncSettings.mb(100)), "lakebook.json");
        Scan first = scanner.scan();

        assertEquals(List.of("helpers.py", "notes.txt"), List.copyOf(first.files().keySet()));
        Map<String, String> reasons = reasons(first);
        for (String notebook : List.of("etl.py", "report.sql", "Job.scala", "windows.py")) {
            assertTrue(reasons.get(notebook).startsWith("a Databricks source notebook"), notebook + ": " + reasons);
        }

        write("etl.py", "# Databricks notebook source\nprint('edited')\n");
        Scan second = scanner.scan();
        assertEquals(first.files(), second.files());
        assertTrue(reasons(second).containsKey("etl.py"));

        write("etl.py", "import helpers\n");
        assertTrue(scanner.scan().files().containsKey("etl.py"), "once it is a module, it travels");
    }

    @Test
    void readsGitInfoExcludeAndGitignoreFilesAboveTheProjectInsideItsRepository() throws IOException {
        write(".git/info/exclude", "personal.txt\n");
        write(".gitignore", "*.tmp\n");
        write("project/.gitignore", "");
        write("project/personal.txt", "x");
        write("project/cache.tmp", "x");
        write("project/code.py", "x");

        Scan scan = new ProjectScanner(root.resolve("project"), SyncSettings.DEFAULTS, "lakebook.json").scan();

        assertEquals(List.of(".gitignore", "code.py"), List.copyOf(scan.files().keySet()));
        Map<String, String> reasons = reasons(scan);
        assertEquals("matched a rule in .git/info/exclude", reasons.get("personal.txt"));
        assertTrue(reasons.get("cache.tmp").endsWith(".gitignore"), reasons.get("cache.tmp"));
    }

    @Test
    void hashesWhatChangedAndKeepsTheHashOfUnchangedFiles() throws IOException {
        write("a.py", "one");
        write("b.py", "same");
        ProjectScanner scanner = new ProjectScanner(root, SyncSettings.DEFAULTS, "lakebook.json");
        Scan first = scanner.scan();

        Files.writeString(root.resolve("a.py"), "three");
        Scan second = scanner.scan();

        assertEquals(first.files().get("b.py"), second.files().get("b.py"));
        assertNotEquals(first.files().get("a.py").hash(), second.files().get("a.py").hash());
        assertEquals(ProjectScanner.hash(root.resolve("a.py")), second.files().get("a.py").hash());
    }

    /**
     * remote-kernels §B.9 (PRs #274, #284): the size-and-time short cut must not hide an edit of the same size whose
     * modification time was put back (as {@code git checkout}, {@code rsync -t} or an editor may do); the
     * status-change time gives it away.
     */
    @Test
    void detectsASameSizeEditWithARestoredModificationTime() throws IOException {
        write("a.py", "one");
        Path file = root.resolve("a.py");
        ProjectScanner scanner = new ProjectScanner(root, SyncSettings.DEFAULTS, "lakebook.json");
        String first = scanner.scan().files().get("a.py").hash();
        FileTime time = Files.getLastModifiedTime(file);
        long changedBefore = ProjectScanner.changedNanos(file, 0);
        assumeTrue(changedBefore != 0, "the file system keeps a status-change time");

        do {
            Files.writeString(file, "two");
            Files.setLastModifiedTime(file, time);
        } while (ProjectScanner.changedNanos(file, 0) == changedBefore);

        assertEquals(time, Files.getLastModifiedTime(file));
        assertEquals(ProjectScanner.hash(file), scanner.scan().files().get("a.py").hash());
        assertNotEquals(first, ProjectScanner.hash(file));
    }

    @Test
    void followsLinksToFilesButNotToFolders() throws IOException {
        write("real/module.py", "x");
        Files.createSymbolicLink(root.resolve("alias.py"), root.resolve("real/module.py"));
        Files.createSymbolicLink(root.resolve("loop"), root);

        Scan scan = scan(List.of());

        assertTrue(scan.files().containsKey("alias.py"));
        assertEquals("a link to a folder; such links are not followed", reasons(scan).get("loop/"));
    }

    @Test
    void limitsNameTheLargestOffendersAndHowToLeaveThemOut() throws IOException {
        write("data/big.csv", "x".repeat(3 * 1024 * 1024));
        write("data/bigger.csv", "x".repeat(4 * 1024 * 1024));
        write("small.py", "x");
        Scan scan = scan(List.of());

        SyncException file = assertThrows(SyncException.class, () -> SyncLimits.check(scan,
                new SyncSettings(true, List.of(), SyncSettings.mb(2), SyncSettings.mb(100)), "p.json"));
        assertTrue(file.getMessage().startsWith("2 files are larger than the limit for one file (sync.max_file_mb, "
                + "2.0 MB): data/bigger.csv (4.0 MB), data/big.csv (3.0 MB)."), file.getMessage());
        assertTrue(file.getMessage().contains("\"sync\": {\"exclude\": [\"data/bigger.csv\"]} in p.json"));

        SyncException total = assertThrows(SyncException.class, () -> SyncLimits.check(scan,
                new SyncSettings(true, List.of(), SyncSettings.mb(10), SyncSettings.mb(5)), "p.json"));
        assertTrue(total.getMessage().contains("Largest folders: data/ (7.0 MB)"), total.getMessage());
        assertTrue(total.getMessage().contains("max_total_mb"));

        SyncLimits.check(scan, SyncSettings.DEFAULTS, "p.json");
    }
    /** remote-kernels §B.2 (PR #55): a socket in the project is left out, and the other files still travel. */
    @Test
    void aSocketInTheProjectIsLeftOutAndTheRestStillTravels() throws IOException {
        write("module.py", "x");
        Path socket = root.resolve("server.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));

            Scan scan = scan(List.of());

            assertEquals(List.of("module.py"), List.copyOf(scan.files().keySet()));
            assertEquals("not a regular file", reasons(scan).get("server.sock"));
        }
    }

    /** remote-kernels §B.3 (PR #88): .git never travels, as a folder or as a worktree's file, even if re-included. */
    @Test
    void gitNeverTravels() throws IOException {
        write(".gitignore", "!.git/\n!.git\n");
        write(".git/config", "[core]\n");
        write("sub/.git", "gitdir: ../.git/worktrees/sub\n");
        write("sub/code.py", "x");

        Scan scan = scan(List.of());

        assertEquals(List.of(".gitignore", "sub/code.py"), List.copyOf(scan.files().keySet()));
        assertEquals("built-in default: .git never travels", reasons(scan).get(".git/"));
        assertEquals("built-in default: .git never travels", reasons(scan).get("sub/.git"));
    }

    /** remote-kernels §B.4 (PR #97, issue #92): a virtual environment (.venv) never travels, even if re-included. */
    @Test
    void venvNeverTravels() throws IOException {
        write(".gitignore", "!.venv/\n");
        write(".venv/lib/python3.11/site-packages/big.py", "x");
        write("tool/.venv/pyvenv.cfg", "x");
        write("main.py", "x");

        Scan scan = scan(List.of());

        assertEquals(List.of(".gitignore", "main.py"), List.copyOf(scan.files().keySet()));
        assertEquals("built-in default: .venv never travels", reasons(scan).get(".venv/"));
        assertEquals("built-in default: .venv never travels", reasons(scan).get("tool/.venv/"));
    }

    /**
     * remote-kernels §B.1 (PR #44), §B.7 (PR #89) and §B.24 (review of PR #32): scanning keeps its state in memory
     * and writes nothing into the project, so a second scan of an untouched project finds exactly the same files, and
     * there is no cache file of lakebook's own that could itself look like a change.
     */
    @Test
    void scanningWritesNothingIntoTheProjectSoAnUntouchedProjectScansTheSame() throws IOException {
        write("a.py", "x");
        write("pkg/b.py", "y");
        ProjectScanner scanner = new ProjectScanner(root, SyncSettings.DEFAULTS, "lakebook.json");
        List<Path> before = tree();

        Scan first = scanner.scan();
        Scan second = scanner.scan();

        assertEquals(before, tree());
        assertEquals(first.files(), second.files());
    }

    /** remote-kernels §B.1 (PR #44): a deleted file is a change that the next scan sees. */
    @Test
    void aDeletedFileIsAChange() throws IOException {
        write("a.py", "x");
        write("gone.py", "y");
        ProjectScanner scanner = new ProjectScanner(root, SyncSettings.DEFAULTS, "lakebook.json");
        Map<String, FileEntry> driver = scanner.scan().files();

        Files.delete(root.resolve("gone.py"));
        SyncPlan plan = SyncPlan.between(scanner.scan().files(), driver);

        assertEquals(List.of("gone.py"), plan.deletes());
        assertTrue(plan.uploads().isEmpty());
    }

    private List<Path> tree() throws IOException {
        try (var paths = Files.walk(root)) {
            return paths.sorted().toList();
        }
    }
}
