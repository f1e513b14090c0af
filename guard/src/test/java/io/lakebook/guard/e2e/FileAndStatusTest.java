package io.lakebook.guard.e2e;

import static io.lakebook.guard.e2e.Workspace.as;
import static io.lakebook.guard.e2e.Workspace.chat;
import static io.lakebook.guard.e2e.Workspace.emulator;
import static io.lakebook.guard.e2e.Workspace.guard;
import static io.lakebook.guard.e2e.Workspace.guardAs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakebook.core.error.LakebookException;
import io.lakebook.guard.cli.GuardUsageException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes in the budgets file that only the workspace shows, and {@code lakebook guard status} for users. */
class FileAndStatusTest {
    @TempDir
    Path dir;

    @Test
    void namesTheLineOfAMisspeltEndpointAnUnpricedEndpointAndAGroupTheWorkspaceLacks() throws Exception {
        String endpoint = "databricks-checked-model";
        Workspace.newEndpoint(endpoint);
        Path file = Workspace.budgets(dir, Workspace.kiritimati(endpoint, "main.guard_checked", null, """
                groups:
                  ghosts:
                    member_budget: 2
                """).replace("endpoints: [" + endpoint + "]", "endpoints:\n  - " + endpoint
                + "\n  - databricks-claude-sonet-4-5\n  - databricks-gpt-oss-120b"));
        Workspace.Run applied = guard(file, "apply");
        assertEquals(1, applied.status(), applied.output());
        assertTrue(applied.output().contains("FAILED: " + file + " line 7: endpoints names "
                + "'databricks-claude-sonet-4-5', but this workspace has no serving endpoint named "
                + "'databricks-claude-sonet-4-5'"), applied.output());
        assertTrue(applied.output().contains("FAILED: " + file + " line 8: the governed endpoint "
                + "databricks-gpt-oss-120b has no price: add it under prices"), applied.output());
        assertTrue(applied.output().contains("WARNING: " + file + " line 19: the group ghosts does not exist in this "
                + "workspace"), applied.output());
        assertEquals(3L, ((Number) emulator().sql().query("SELECT count(*) FROM main.guard_checked.guard_audit "
                + "WHERE action = 'CONFIG'").rows().get(0).get(0)).longValue());
    }

    @Test
    void measuresTheDataLagFromTheNewestRowOfTheLastIntervalAndAssumesItWithoutOne() throws Exception {
        String endpoint = "databricks-lag-model";
        Workspace.newEndpoint(endpoint);
        Workspace.toMiddayInKiritimati();
        chat(as("tia@example.com"), endpoint, 10);
        Path file = Workspace.budgets(dir, Workspace.kiritimati(endpoint, "main.guard_lag", null, "default_lag: 7m\n"));
        Workspace.Run fresh = guard(file, "plan");
        assertTrue(fresh.output().matches("(?s).*data lag \\d s \\(measured from the newest usage row\\).*"),
                fresh.output());
        // Forty quiet minutes: the newest row is older than an interval, and says nothing about the lag.
        emulator().clock().advance(java.time.Duration.ofMinutes(40));
        Workspace.Run quiet = guard(file, "plan");
        assertTrue(quiet.output().contains("data lag 420 s (assumed: no usage row in the last interval)"),
                quiet.output());
    }

    @Test
    void showsUsersTheirOwnStatusOnlyAndANewcomerTheirBudget() throws Exception {
        String endpoint = "databricks-status-model";
        Workspace.newEndpoint(endpoint);
        Workspace.toMiddayInKiritimati();
        chat(as("rae@example.com"), endpoint, 1200);
        Path file = Workspace.budgets(dir, Workspace.kiritimati(endpoint, "main.guard_status_check", null, ""));
        String sam = emulator().directory().tokenFor("sam@example.com");
        LakebookException missing = assertThrows(LakebookException.class, () -> guardAs(sam, null, "status",
                "--schema", "main.guard_status_check"));
        assertTrue(missing.getMessage().startsWith("The guard has not run in main.guard_status_check yet"),
                missing.getMessage());
        assertEquals(0, guard(file, "apply").status());

        Workspace.Run newcomer = guardAs(sam, file, "status");
        assertEquals(0, newcomer.status(), newcomer.output());
        assertTrue(newcomer.output().contains("  budget      1.00 USD a day, from "), newcomer.output());
        assertTrue(newcomer.output().matches("(?s).*  next check  about \\d{4}-\\d\\d-\\d\\d \\d\\d:(00|15|30|45) "
                + "LINT \\(every 15 min\\).*"), newcomer.output());
        assertThrows(GuardUsageException.class, () -> guardAs(sam, file, "status", "--user", "rae@example.com"));

        Workspace.Run rae = guardAs(emulator().directory().tokenFor("rae@example.com"), null, "status", "--schema",
                "main.guard_status_check");
        assertTrue(rae.output().contains("  spent       1.20 USD  (as of "), rae.output());
        assertTrue(rae.output().contains(" LINT)"), "times in the budget's zone, without the file: " + rae.output());
        Workspace.Run admin = guard(file, "status", "--user", "rae@example.com");
        assertTrue(admin.output().contains("  blocked     until "), admin.output());
        for (Workspace.Run run : List.of(newcomer, rae, admin)) {
            assertFalse(run.output().lines().anyMatch(text -> text.endsWith(" ")), "no trailing space: "
                    + run.output());
        }
    }
}
