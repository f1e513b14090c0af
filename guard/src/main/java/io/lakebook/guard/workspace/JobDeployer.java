package io.lakebook.guard.workspace;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.ClusterSpec;
import com.databricks.sdk.service.compute.Library;
import com.databricks.sdk.service.jobs.BaseJob;
import com.databricks.sdk.service.jobs.CreateJob;
import com.databricks.sdk.service.jobs.CronSchedule;
import com.databricks.sdk.service.jobs.JobSettings;
import com.databricks.sdk.service.jobs.ListJobsRequest;
import com.databricks.sdk.service.jobs.PauseStatus;
import com.databricks.sdk.service.jobs.ResetJob;
import com.databricks.sdk.service.jobs.SparkJarTask;
import com.databricks.sdk.service.jobs.Task;
import com.databricks.sdk.service.workspace.ImportFormat;
import com.databricks.sdk.service.workspace.Import;
import io.lakebook.core.error.LakebookException;
import io.lakebook.core.remote.Failures;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * Creates or updates the Databricks Job that runs {@code lakebook guard apply} on a schedule, so admins find it
 * where they manage jobs: a cron schedule with its time zone (both required, gateway-budgets §1.12), at most one run
 * at a time, and a JAR task that runs the guard from the lakebook jar with the budgets file uploaded beside it. A job
 * of the same name is updated in place (reset), so deploying twice leaves one job.
 */
public final class JobDeployer {
    /** The class a JAR task starts: it runs a guard command and fails the task when the run failed. */
    public static final String MAIN_CLASS = "io.lakebook.guard.cli.GuardJob";

    private final WorkspaceClient workspace;

    /**
     * What to deploy.
     *
     * @param jar          where the lakebook jar is in the workspace ({@code /Volumes/…} or {@code dbfs:/…})
     * @param budgetsPath  the workspace path the budgets file is uploaded to
     * @param clusterId    an existing cluster to run on, or empty for a new single-node job cluster
     * @param nodeType     the job cluster's node type, with a new cluster
     * @param secretScope  with a new cluster, the secret scope holding the service principal's {@code client-id}
     *                     and {@code client-secret} for OAuth machine-to-machine sign-in
     */
    public record Spec(String name, Duration every, ZoneId zone, String jar, String budgetsPath, byte[] budgets,
                       String warehouseId, Optional<String> clusterId, Optional<String> nodeType,
                       String sparkVersion, Optional<String> secretScope, String host) {
    }

    /** The job's id and whether it was made or updated. */
    public record Deployed(long jobId, boolean created, String cron) {
    }

    public JobDeployer(WorkspaceClient workspace) {
        this.workspace = workspace;
    }

    public Deployed deploy(Spec spec) {
        String cron = cron(spec.every());
        upload(spec.budgetsPath(), spec.budgets());
        JobSettings settings = settings(spec, cron);
        Optional<Long> existing = find(spec.name());
        if (existing.isPresent()) {
            Failures.call(() -> {
                workspace.jobs().reset(new ResetJob().setJobId(existing.get()).setNewSettings(settings));
                return null;
            }, "update job " + existing.get());
            return new Deployed(existing.get(), false, cron);
        }
        long id = Failures.call(() -> workspace.jobs().create(new CreateJob().setName(settings.getName())
                .setTags(settings.getTags()).setMaxConcurrentRuns(settings.getMaxConcurrentRuns())
                .setSchedule(settings.getSchedule()).setTasks(settings.getTasks())), "create the guard's job")
                .getJobId();
        return new Deployed(id, true, cron);
    }

    /**
     * A Quartz expression that fires every {@code every}: a whole number of minutes dividing an hour, or of hours
     * dividing a day, so that runs fall at the same times every day.
     */
    public static String cron(Duration every) {
        long minutes = every.toMinutes();
        if (every.toSeconds() % 60 != 0 || minutes < 1) {
            throw new LakebookException("--every must be whole minutes, such as 15m or 1h; got " + every);
        }
        if (minutes < 60 && 60 % minutes == 0) {
            return "0 0/" + minutes + " * * * ?";
        }
        if (minutes % 60 == 0 && 24 % (minutes / 60) == 0) {
            return "0 0 0/" + minutes / 60 + " * * ?";
        }
        throw new LakebookException("--every must divide an hour (1m … 30m) or a day (1h … 24h) evenly, so runs "
                + "come at the same times each day; got " + minutes + " minutes");
    }

    private JobSettings settings(Spec spec, String cron) {
        Task task = new Task().setTaskKey("guard").setDescription("lakebook guard apply")
                .setSparkJarTask(new SparkJarTask().setMainClassName(MAIN_CLASS).setParameters(List.of("apply",
                        "--budgets", "/Workspace" + spec.budgetsPath(), "--warehouse", spec.warehouseId())))
                .setLibraries(List.of(new Library().setJar(spec.jar()))).setMaxRetries(0L)
                .setTimeoutSeconds(Math.max(300, spec.every().toSeconds()));
        if (spec.clusterId().isPresent()) {
            task.setExistingClusterId(spec.clusterId().get());
        } else {
            task.setNewCluster(newCluster(spec));
        }
        return new JobSettings().setName(spec.name()).setTags(Map.of("lakebook", "guard"))
                .setMaxConcurrentRuns(1L).setSchedule(new CronSchedule().setQuartzCronExpression(cron)
                        .setTimezoneId(spec.zone().getId()).setPauseStatus(PauseStatus.UNPAUSED))
                .setTasks(List.of(task));
    }

    private static ClusterSpec newCluster(Spec spec) {
        String nodeType = spec.nodeType().orElseThrow(() -> new LakebookException("The job needs somewhere to "
                + "run: give --cluster-id ID, or --node-type TYPE (with --secret-scope) for a job cluster."));
        String scope = spec.secretScope().orElseThrow(() -> new LakebookException("A job cluster signs in as the "
                + "guard's service principal with OAuth: give --secret-scope SCOPE holding its client-id and "
                + "client-secret."));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DATABRICKS_HOST", spec.host());
        env.put("DATABRICKS_CLIENT_ID", "{{secrets/" + scope + "/client-id}}");
        env.put("DATABRICKS_CLIENT_SECRET", "{{secrets/" + scope + "/client-secret}}");
        return new ClusterSpec().setSparkVersion(spec.sparkVersion()).setNodeTypeId(nodeType).setNumWorkers(0L)
                .setSparkConf(Map.of("spark.databricks.cluster.profile", "singleNode", "spark.master",
                        "local[*]")).setCustomTags(Map.of("ResourceClass", "SingleNode")).setSparkEnvVars(env);
    }

    private void upload(String path, byte[] budgets) {
        String folder = path.substring(0, path.lastIndexOf('/'));
        Failures.call(() -> {
            workspace.workspace().mkdirs(folder);
            workspace.workspace().importContent(new Import().setPath(path).setFormat(ImportFormat.RAW)
                    .setOverwrite(true).setContent(Base64.getEncoder().encodeToString(budgets)));
            return null;
        }, "upload the budgets file to " + path);
    }

    private Optional<Long> find(String name) {
        Iterable<BaseJob> jobs = Failures.call(() -> workspace.jobs().list(new ListJobsRequest().setName(name)),
                "look for the job " + name);
        List<Long> ids = new ArrayList<>();
        StreamSupport.stream(jobs.spliterator(), false).filter(job -> job.getSettings() != null
                && name.equals(job.getSettings().getName())).forEach(job -> ids.add(job.getJobId()));
        if (ids.size() > 1) {
            throw new LakebookException("There are " + ids.size() + " jobs named '" + name + "' (" + ids + "); keep "
                    + "one, or deploy under another name with --job-name.");
        }
        return ids.stream().findFirst();
    }

}
