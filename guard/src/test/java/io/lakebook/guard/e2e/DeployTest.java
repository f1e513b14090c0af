package io.lakebook.guard.e2e;

import static io.lakebook.guard.e2e.Workspace.emulator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.PatCredentialsProvider;
import com.databricks.sdk.service.jobs.Job;
import com.databricks.sdk.service.jobs.JobNotificationSettings;
import com.databricks.sdk.service.jobs.NotebookTask;
import com.databricks.sdk.service.jobs.UpdateJob;
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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lakebook guard deploy} through the Jobs API, and the lease that keeps two runs apart. */
class DeployTest {
    @TempDir
    Path dir;

    private static final String JAR = "/Volumes/main/ops/lib/lakebook.jar";
    private static final String ROBOT = "6f3c2a1e-0b7d-4c5e-9a3f-11d2c4b5a601";

    @Test
    void deploysOneScheduledJobAndUpdatesOnlyWhatTheGuardOwns() throws Exception {
        emulator().volumeFiles().put(JAR);
        emulator().secrets().put("guard-sp", "client-id");
        emulator().secrets().put("guard-sp", "client-secret");
        Path file = Workspace.budgets(dir, Files.readString(Path.of("budgets.sample.yaml")));
        int jobs = emulator().jobs().list().size();
        Workspace.Run dry = Workspace.guard(file, "deploy", "--jar", JAR, "--node-type", "i3.xlarge",
                "--secret-scope", "guard-sp", "--run-as", ROBOT, "--notify-email", "ops@example.com", "--dry-run");
        assertEquals(0, dry.status(), dry.output());
        assertTrue(dry.output().contains("would create a job 'lakebook guard'"), dry.output());
        assertTrue(dry.output().contains("\"spark_version\" : \"16.4.x-scala2.12\""), dry.output());
        assertTrue(dry.output().contains("Dry run: nothing was uploaded, created or changed."), dry.output());
        assertEquals(jobs, emulator().jobs().list().size(), "a dry run creates nothing");

        Workspace.Run first = Workspace.guard(file, "deploy", "--jar", JAR, "--node-type", "i3.xlarge",
                "--secret-scope", "guard-sp", "--run-as", ROBOT, "--notify-email", "ops@example.com");
        assertEquals(0, first.status(), first.output());
        assertTrue(first.output().contains("created job"), first.output());
        long id = guardJob().jobId();
        // An admin adds a task, a tag and notification settings of their own.
        client().jobs().update(new UpdateJob().setJobId(id).setNewSettings(new JobSettings()
                .setTasks(List.of(new Task().setTaskKey("report").setNotebookTask(new NotebookTask()
                        .setNotebookPath("/Users/analyst@example.com/report"))))
                .setTags(Map.of("lakebook", "guard", "team", "platform"))
                .setNotificationSettings(new JobNotificationSettings().setNoAlertForCanceledRuns(true))));

        Workspace.Run second = Workspace.guard(file, "deploy", "--every", "30m", "--jar", JAR, "--node-type",
                "i3.xlarge", "--secret-scope", "guard-sp", "--run-as", ROBOT, "--notify-email", "ops@example.com");
        assertTrue(second.output().contains("updated job"), second.output());
        assertTrue(second.output().contains("WARNING: --every 30m differs from the budgets file's interval (15m)"),
                second.output());
        assertEquals(id, guardJob().jobId(), "deploying twice leaves one job");
        Job job = client().jobs().get(id);
        JobSettings settings = job.getSettings();
        assertEquals("0 0/30 * * * ?", settings.getSchedule().getQuartzCronExpression());
        assertEquals("Europe/Berlin", settings.getSchedule().getTimezoneId());
        assertEquals(1L, settings.getMaxConcurrentRuns());
        assertEquals(ROBOT, settings.getRunAs().getServicePrincipalName());
        assertEquals(List.of("ops@example.com"), List.copyOf(settings.getEmailNotifications().getOnFailure()));
        assertEquals(Map.of("lakebook", "guard", "team", "platform"), settings.getTags(), "the admin's tag stays");
        assertTrue(settings.getNotificationSettings().getNoAlertForCanceledRuns(), "the admin's settings stay");
        assertEquals(List.of("guard", "report"), settings.getTasks().stream().map(Task::getTaskKey).sorted()
                .toList(), "the admin's task stays");
        Task task = settings.getTasks().stream().filter(t -> t.getTaskKey().equals("guard")).findFirst()
                .orElseThrow();
        assertEquals("io.lakebook.guard.cli.GuardJob", task.getSparkJarTask().getMainClassName());
        assertEquals(List.of("apply", "--budgets", "/Workspace/Users/analyst@example.com/lakebook-guard/budgets.yaml",
                "--warehouse", emulator().defaultWarehouseId(), "--host", emulator().host()),
                List.copyOf(task.getSparkJarTask().getParameters()));
        assertEquals("16.4.x-scala2.12", task.getNewCluster().getSparkVersion());
        assertEquals("{{secrets/guard-sp/client-secret}}", task.getNewCluster().getSparkEnvVars()
                .get("DATABRICKS_CLIENT_SECRET"));
        assertEquals(JAR, task.getLibraries().iterator().next().getJar());
        String uploaded = new String(Base64.getDecoder().decode(client().workspace().export(new ExportRequest()
                .setPath("/Users/analyst@example.com/lakebook-guard/budgets.yaml").setFormat(ExportFormat.SOURCE))
                .getContent()), StandardCharsets.UTF_8);
        assertEquals(Files.readString(file), uploaded);
    }

    @Test
    void refusesWhatTheJobCouldNotRunWith() throws Exception {
        Path file = Workspace.budgets(dir, Files.readString(Path.of("budgets.sample.yaml")));
        emulator().volumeFiles().put(JAR);
        String java8 = assertFails(() -> Workspace.guard(file, "deploy", "--jar", JAR, "--cluster-id",
                emulator().defaultClusterId())).output();
        assertTrue(java8.contains("runs Databricks Runtime 15.4.x-scala2.12, which starts JARs with Java 8"), java8);
        String noJar = assertFails(() -> Workspace.guard(file, "deploy", "--jar", "/Volumes/main/ops/lib/none.jar",
                "--node-type", "i3.xlarge", "--secret-scope", "guard-sp")).output();
        assertTrue(noJar.contains("/Volumes/main/ops/lib/none.jar does not exist in the workspace"), noJar);
        String dbfs = assertFails(() -> Workspace.guard(file, "deploy", "--jar", "dbfs:/jars/lakebook.jar",
                "--node-type", "i3.xlarge", "--secret-scope", "guard-sp")).output();
        assertTrue(dbfs.contains("Runtime 16 and later do not install libraries from DBFS"), dbfs);
        String noScope = assertFails(() -> Workspace.guard(file, "deploy", "--jar", JAR, "--node-type", "i3.xlarge",
                "--secret-scope", "missing-scope")).output();
        assertTrue(noScope.contains("The secret scope 'missing-scope' does not exist"), noScope);
    }

    @Test
    void refusesAnIntervalThatDoesNotDivideTheDay() throws Exception {
        Path file = Workspace.budgets(dir, Files.readString(Path.of("budgets.sample.yaml")));
        Workspace.Run run = assertFails(() -> Workspace.guard(file, "deploy", "--every", "7m", "--jar", JAR,
                "--node-type", "i3.xlarge", "--secret-scope", "guard-sp"));
        assertTrue(run.output().contains("divide an hour"), run.output());
    }

    private static Jobs.Job guardJob() {
        List<Jobs.Job> named = emulator().jobs().list().stream().filter(job -> job.settings().path("name").asText()
                .equals("lakebook guard")).toList();
        assertEquals(1, named.size());
        return named.get(0);
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
