package io.lakebook.core.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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
    void hashesWhatChangedAndKeepsTheHashOfFilesWhoseSizeAndTimeAreUnchanged() throws IOException {
        write("a.py", "one");
        ProjectScanner scanner = new ProjectScanner(root, SyncSettings.DEFAULTS, "lakebook.json");
        String first = scanner.scan().files().get("a.py").hash();
        FileTime time = Files.getLastModifiedTime(root.resolve("a.py"));

        Files.writeString(root.resolve("a.py"), "two");
        Files.setLastModifiedTime(root.resolve("a.py"), time);
        assertEquals(first, scanner.scan().files().get("a.py").hash(), "same size and mtime: not read again");

        Files.setLastModifiedTime(root.resolve("a.py"), FileTime.fromMillis(time.toMillis() + 2000));
        String second = scanner.scan().files().get("a.py").hash();
        assertNotEquals(first, second);
        assertEquals(ProjectScanner.hash(root.resolve("a.py")), second);
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
}
