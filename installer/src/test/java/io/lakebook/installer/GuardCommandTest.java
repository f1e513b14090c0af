package io.lakebook.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakebook.emulator.Emulator;
import io.lakebook.installer.command.Console;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lakebook guard}: the budget guard from the lakebook command. */
class GuardCommandTest {
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
    void asksWhatToDoWithoutAnAction() {
        assertEquals(2, run(Map.of(), "guard"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("say what to do: lakebook guard plan, apply, status "
                + "or deploy"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void refusesABrokenBudgetsFileWithItsLineBeforeReachingAWorkspace() throws Exception {
        Files.writeString(home.resolve("budgets.yaml"), "period: daily\ntime_zone: UTC\nendpoints: []\n");
        assertEquals(1, run(Map.of(), "guard", "plan", "--budgets", "budgets.yaml"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("budgets.yaml line 3: endpoints must name at least "
                + "one serving endpoint"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void plansAgainstAWorkspaceAndChangesNothing() throws Exception {
        Files.copy(Path.of("../guard/budgets.sample.yaml"), home.resolve("budgets.yaml"));
        try (Emulator emulator = Emulator.builder().build().start()) {
            int status = run(Map.of("DATABRICKS_HOST", emulator.host(), "DATABRICKS_TOKEN", emulator.token(),
                    "DATABRICKS_WAREHOUSE_ID", emulator.defaultWarehouseId(), "DATABRICKS_CONFIG_FILE",
                    home.resolve("absent.cfg").toString()), "guard", "plan", "--budgets", "budgets.yaml");
            assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("Europe/Berlin") && text.contains("(no usage of the governed endpoints this "
                    + "period)") && text.contains("Plan only: nothing was changed."), text);
            assertTrue(emulator.requests().stream().noneMatch(r -> r.method().equals("PUT")), "a plan writes nothing");
        }
    }
}
