package io.lakebook.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakebook.installer.command.Console;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lakebook selftest}: what it refuses before it reaches any workspace. */
class SelftestCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path home;

    private int run(Map<String, String> env, String... args) {
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, home);
        return Main.run(args, console);
    }

    @Test
    void workspaceOptionsNeedLive() {
        assertEquals(2, run(Map.of(), "selftest", "--cluster", "0123-456789-abcdefgh"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--cluster applies to a workspace: add --live"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void liveNeedsANamedWorkspaceNotJustADefaultProfile() {
        assertEquals(2, run(Map.of("DATABRICKS_CONFIG_FILE", home.resolve("absent.cfg").toString()), "selftest",
                "--live"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--live needs a workspace: name a profile with "
                + "--profile NAME (or DATABRICKS_CONFIG_PROFILE), or set DATABRICKS_HOST and DATABRICKS_TOKEN"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void onlyTakesKnownAreas() {
        assertEquals(2, run(Map.of(), "selftest", "--only", "sql,nonsense"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--only takes areas from [identity, workspace, "
                + "clusters, commands, session, sql, catalog, serving, oauth], not 'sql,nonsense'"),
                err.toString(StandardCharsets.UTF_8));
    }
}
