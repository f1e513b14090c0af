package io.lakebook.guard.e2e;

import static io.lakebook.guard.e2e.Workspace.emulator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.PatCredentialsProvider;
import com.databricks.sdk.service.jobs.Job;
import com.databricks.sdk.service.jobs.JobSettings;
import com.databricks.sdk.service.jobs.Task;
import com.databricks.sdk.service.workspace.ExportFormat;
import com.databricks.sdk.service.workspace.ExportRequest;
import io.lakebook.core.sql.Sql;
import io.lakebook.emulator.jobs.Jobs;
import io.lakebook.guard.workspace.Lease;
import io.lakebook.guard.workspace.Warehouse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lakebook guard deploy} through the Jobs API, and the lease that keeps two runs apart. */
class DeployTest {
    @TempDir
    Path dir;

    @Test
    void deploysOneScheduledJobAndUpdatesItInPlace() throws Exception {
        Path file = Workspace.budgets(dir, Files.readString(Path.of("budgets.sample.yaml")));
        Workspace.Run first = Workspace.guard(file, "deploy", "--every", "15m", "--jar",
                "/Volumes/main/ops/lib/lakebook.jar", "--cluster-id", emulator().defaultClusterId());
        assertEquals(0, first.status(), first.output());
        assertTrue(first.output().contains("created job"), first.output());
        Workspace.Run second = Workspace.guard(file, "deploy", "--every", "30m", "--jar",
                "/Volumes/main/ops/lib/lakebook.jar", "--cluster-id", emulator().defaultClusterId());
        assertTrue(second.output().contains("updated job"), second.output());

        List<Jobs.Job> named = emulator().jobs().list().stream().filter(job -> job.settings().path("name").asText()
                .equals("lakebook guard")).toList();
        assertEquals(1, named.size(), "deploying twice leaves one job");
        Job job = client().jobs().get(named.get(0).jobId());
        JobSettings settings = job.getSettings();
        assertEquals("0 0/30 * * * ?", settings.getSchedule().getQuartzCronExpression());
        assertEquals("Europe/Berlin", settings.getSchedule().getTimezoneId());
        assertEquals(1L, settings.getMaxConcurrentRuns());
        Task task = settings.getTasks().iterator().next();
        assertEquals("io.lakebook.guard.cli.GuardJob", task.getSparkJarTask().getMainClassName());
        assertEquals(List.of("apply", "--budgets", "/Workspace/Users/analyst@example.com/lakebook-guard/budgets.yaml",
                "--warehouse", emulator().defaultWarehouseId()), List.copyOf(task.getSparkJarTask().getParameters()));
        assertEquals("/Volumes/main/ops/lib/lakebook.jar", task.getLibraries().iterator().next().getJar());
        String uploaded = new String(Base64.getDecoder().decode(client().workspace().export(new ExportRequest()
                .setPath("/Users/analyst@example.com/lakebook-guard/budgets.yaml").setFormat(ExportFormat.SOURCE))
                .getContent()), StandardCharsets.UTF_8);
        assertEquals(Files.readString(file), uploaded);
    }

    @Test
    void refusesAnIntervalThatDoesNotDivideTheDay() throws Exception {
        Path file = Workspace.budgets(dir, Files.readString(Path.of("budgets.sample.yaml")));
        Workspace.Run run = assertFails(() -> Workspace.guard(file, "deploy", "--every", "7m", "--jar", "/x.jar",
                "--cluster-id", "c"));
        assertTrue(run.output().contains("divide an hour"), run.output());
    }

    @Test
    void letsOnlyOneRunHoldTheLease() {
        Warehouse warehouse = new Warehouse(new Sql(client(), emulator().defaultWarehouseId()));
        emulator().sql().execute("CREATE SCHEMA IF NOT EXISTS main.guard_lease_test");
        emulator().sql().execute("CREATE TABLE main.guard_lease_test.guard_lease AS SELECT 'guard' AS name, "
                + "CAST(NULL AS STRING) AS holder, CAST(0 AS BIGINT) AS version, "
                + "CAST(NULL AS TIMESTAMP) AS expires_at");
        Lease first = new Lease(warehouse, "main.guard_lease_test.guard_lease", "run-1");
        Lease second = new Lease(warehouse, "main.guard_lease_test.guard_lease", "run-2");
        Instant now = emulator().clock().instant();
        assertTrue(first.acquire(now).isEmpty());
        assertEquals("run-1", second.acquire(now).orElseThrow().holder());
        assertTrue(first.held());
        first.release();
        assertTrue(second.acquire(now).isEmpty(), "free again once released");
        assertTrue(new Lease(warehouse, "main.guard_lease_test.guard_lease", "run-3").acquire(now.plusSeconds(3600))
                .isEmpty(), "a lease runs out");
        assertTrue(!second.held(), "and the run that lost it knows");
    }

    private static Workspace.Run assertFails(java.util.function.Supplier<Workspace.Run> run) {
        try {
            Workspace.Run result = run.get();
            throw new AssertionError("expected a refusal, got " + result.output());
        } catch (io.lakebook.core.error.LakebookException e) {
            return new Workspace.Run(1, e.getMessage());
        }
    }

    private static WorkspaceClient client() {
        return new WorkspaceClient(new DatabricksConfig().setHost(emulator().host()).setToken(emulator().token())
                .setCredentialsProvider(new PatCredentialsProvider()));
    }
}
