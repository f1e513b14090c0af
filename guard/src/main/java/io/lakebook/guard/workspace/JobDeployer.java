package io.lakebook.guard.workspace;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.ClusterSpec;
import com.databricks.sdk.service.compute.Library;
import com.databricks.sdk.service.jobs.BaseJob;
import com.databricks.sdk.service.jobs.CreateJob;
import com.databricks.sdk.service.jobs.CronSchedule;
import com.databricks.sdk.service.jobs.Job;
import com.databricks.sdk.service.jobs.JobEmailNotifications;
import com.databricks.sdk.service.jobs.JobRunAs;
import com.databricks.sdk.service.jobs.JobSettings;
import com.databricks.sdk.service.jobs.ListJobsRequest;
import com.databricks.sdk.service.jobs.PauseStatus;
import com.databricks.sdk.service.jobs.SparkJarTask;
import com.databricks.sdk.service.jobs.Task;
import com.databricks.sdk.service.jobs.UpdateJob;
import com.databricks.sdk.service.workspace.ImportFormat;
import com.databricks.sdk.service.workspace.Import;
import com.databricks.sdk.service.workspace.SecretMetadata;
import com.databricks.sdk.service.workspace.SecretScope;
import io.lakebook.core.error.LakebookException;
import io.lakebook.core.remote.Failures;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * Creates or updates the Databricks Job that runs {@code lakebook guard apply} on a schedule, so admins find it
 * where they manage jobs: a cron schedule with its time zone (both required, gateway-budgets §1.12), at most one run
 * at a time, a JAR task that runs the guard from the lakebook jar with the budgets file uploaded beside it, run as the
 * guard's service principal when one is named (§1.11), and failure e-mails when addresses are given (a skipped run
 * counts as failed for them unless the job says otherwise, §1.12).
 *
 * <p>lakebook is built for Java 17: the job cluster runs Databricks Runtime 16.4 LTS by default, since JDK 17 is the
 * default from Runtime 16.0 on (docs.databricks.com/release-notes/runtime/16.0, "JDK 17 is now the default"); an
 * existing cluster on an older runtime must set {@code JNAME=zulu17-ca-amd64} (or {@code -arm64}) in its environment.
 * The same release stops installing libraries from DBFS, so the jar must be in a volume there.
 *
 * <p>A job of the same name is updated with {@code jobs/update} and only the fields the guard owns: "top-level fields
 * specified in new_settings are completely replaced, except for arrays which are merged" by task key (the Jobs API's
 * {@code UpdateJob} documentation), so other tasks, notification settings, permissions and whatever else an admin
 * added stay; its tags and failure e-mails are merged with the ones there. {@code dryRun} checks and describes
 * everything and changes nothing.
 */
public final class JobDeployer {
    /** The class a JAR task starts: it runs a guard command and fails the task when the run failed. */
    public static final String MAIN_CLASS = "io.lakebook.guard.cli.GuardJob";
    /** Databricks Runtime 16.4 LTS (Scala 2.12): Java 17 by default. */
    public static final String SPARK_VERSION = "16.4.x-scala2.12";
    private static final Pattern RUNTIME = Pattern.compile("(\\d+)\\.(\\d+)\\.");

    private final WorkspaceClient workspace;

    /**
     * What to deploy.
     *
     * @param jar          where the lakebook jar is in the workspace ({@code /Volumes/…})
     * @param budgetsPath  the workspace path the budgets file is uploaded to
     * @param clusterId    an existing cluster to run on, or empty for a new single-node job cluster
     * @param nodeType     the job cluster's node type, with a new cluster
     * @param secretScope  the secret scope holding the service principal's {@code client-id} and
     *                     {@code client-secret} for OAuth machine-to-machine sign-in on a job cluster
     * @param runAs        the service principal (application id) the job runs as; empty runs it as its owner
     * @param failureEmails addresses told when a run fails (or is skipped)
     */
    public record Spec(String name, Duration every, ZoneId zone, String jar, String budgetsPath, byte[] budgets,
                       String warehouseId, Optional<String> clusterId, Optional<String> nodeType,
                       String sparkVersion, Optional<String> secretScope, String host, Optional<String> runAs,
                       List<String> failureEmails, boolean dryRun) {
    }

    /**
     * The job's id (or -1 in a dry run) and whether it was, or would be, made or updated.
     *
     * @param notes what the admin should know, such as the job running as its owner
     */
    public record Deployed(long jobId, boolean created, String cron, JobSettings settings, List<String> notes) {
    }

    public JobDeployer(WorkspaceClient workspace) {
        this.workspace = workspace;
    }

    public Deployed deploy(Spec spec) {
        String cron = cron(spec.every());
        List<String> notes = new ArrayList<>();
        checkJar(spec.jar(), spec.clusterId().isPresent() ? clusterRuntime(spec) : spec.sparkVersion());
        Optional<String> credentials = spec.clusterId().isPresent() ? checkCluster(spec) : checkScope(spec);
        credentials.ifPresent(notes::add);
        if (spec.runAs().isEmpty()) {
            notes.add("the job runs as its owner (you); give --run-as APPLICATION_ID to run it as the guard's service "
                    + "principal, which needs the rights the README lists");
        }
        Optional<Long> existing = find(spec.name());
        JobSettings settings = settings(spec, cron, existing.map(this::job));
        if (spec.dryRun()) {
            return new Deployed(existing.orElse(-1L), existing.isEmpty(), cron, settings, notes);
        }
        upload(spec.budgetsPath(), spec.budgets());
        if (existing.isPresent()) {
            Failures.call(() -> {
                workspace.jobs().update(new UpdateJob().setJobId(existing.get()).setNewSettings(settings));
                return null;
            }, "update job " + existing.get());
            return new Deployed(existing.get(), false, cron, settings, notes);
        }
        long id = Failures.call(() -> workspace.jobs().create(new CreateJob().setName(settings.getName())
                .setTags(settings.getTags()).setMaxConcurrentRuns(settings.getMaxConcurrentRuns())
                .setSchedule(settings.getSchedule()).setTasks(settings.getTasks()).setRunAs(settings.getRunAs())
                .setEmailNotifications(settings.getEmailNotifications())), "create the guard's job").getJobId();
        return new Deployed(id, true, cron, settings, notes);
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

    /** Only the fields the guard owns; tags and failure e-mails merged with what the job has. */
    private static JobSettings settings(Spec spec, String cron, Optional<Job> existing) {
        Task task = new Task().setTaskKey("guard").setDescription("lakebook guard apply")
                .setSparkJarTask(new SparkJarTask().setMainClassName(MAIN_CLASS).setParameters(List.of("apply",
                        "--budgets", "/Workspace" + spec.budgetsPath(), "--warehouse", spec.warehouseId(),
                        "--host", spec.host())))
                .setLibraries(List.of(new Library().setJar(spec.jar()))).setMaxRetries(0L)
                .setTimeoutSeconds(Math.max(300, spec.every().toSeconds()));
        if (spec.clusterId().isPresent()) {
            task.setExistingClusterId(spec.clusterId().get());
        } else {
            task.setNewCluster(newCluster(spec));
        }
        Optional<JobSettings> had = existing.map(Job::getSettings);
        Map<String, String> tags = new LinkedHashMap<>(had.map(JobSettings::getTags).orElse(Map.of()));
        tags.put("lakebook", "guard");
        JobSettings settings = new JobSettings().setName(spec.name()).setTags(tags).setMaxConcurrentRuns(1L)
                .setSchedule(new CronSchedule().setQuartzCronExpression(cron).setTimezoneId(spec.zone().getId())
                        .setPauseStatus(PauseStatus.UNPAUSED)).setTasks(List.of(task));
        spec.runAs().ifPresent(id -> settings.setRunAs(new JobRunAs().setServicePrincipalName(id)));
        if (!spec.failureEmails().isEmpty()) {
            JobEmailNotifications emails = had.map(JobSettings::getEmailNotifications)
                    .orElse(new JobEmailNotifications());
            Set<String> onFailure = new LinkedHashSet<>(emails.getOnFailure() == null ? List.of()
                    : emails.getOnFailure());
            onFailure.addAll(spec.failureEmails());
            settings.setEmailNotifications(emails.setOnFailure(List.copyOf(onFailure)));
        }
        return settings;
    }

    private static ClusterSpec newCluster(Spec spec) {
        String nodeType = spec.nodeType().orElseThrow(() -> new LakebookException("The job needs somewhere to "
                + "run: give --cluster-id ID, or --node-type TYPE (with --secret-scope) for a job cluster."));
        String scope = spec.secretScope().orElseThrow();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DATABRICKS_CLIENT_ID", "{{secrets/" + scope + "/client-id}}");
        env.put("DATABRICKS_CLIENT_SECRET", "{{secrets/" + scope + "/client-secret}}");
        if (javaOf(spec.sparkVersion()) < 17) {
            env.put("JNAME", "zulu17-ca-amd64");
        }
        return new ClusterSpec().setSparkVersion(spec.sparkVersion()).setNodeTypeId(nodeType).setNumWorkers(0L)
                .setSparkConf(Map.of("spark.databricks.cluster.profile", "singleNode", "spark.master",
                        "local[*]")).setCustomTags(Map.of("ResourceClass", "SingleNode")).setSparkEnvVars(env);
    }

    /** The job cluster signs in with the secret scope's client id and secret: both must be there. */
    private Optional<String> checkScope(Spec spec) {
        String scope = spec.secretScope().orElseThrow(() -> new LakebookException("A job cluster signs in as the "
                + "guard's service principal with OAuth: give --secret-scope SCOPE holding its client-id and "
                + "client-secret."));
        Iterable<SecretScope> scopes = Failures.call(() -> workspace.secrets().listScopes(), "list the secret scopes");
        if (StreamSupport.stream(scopes.spliterator(), false).noneMatch(s -> scope.equals(s.getName()))) {
            throw new LakebookException("The secret scope '" + scope + "' does not exist in this workspace. Create "
                    + "it and put the service principal's OAuth secret in it: databricks secrets create-scope "
                    + scope + "; databricks secrets put-secret " + scope + " client-id; databricks secrets "
                    + "put-secret " + scope + " client-secret.");
        }
        Iterable<SecretMetadata> keys = Failures.call(() -> workspace.secrets().listSecrets(scope),
                "list the secrets of scope " + scope);
        Set<String> present = new LinkedHashSet<>();
        keys.forEach(key -> present.add(key.getKey()));
        for (String key : List.of("client-id", "client-secret")) {
            if (!present.contains(key)) {
                throw new LakebookException("The secret scope '" + scope + "' has no secret '" + key + "'; put the "
                        + "service principal's OAuth " + key.replace('-', ' ') + " there: databricks secrets "
                        + "put-secret " + scope + " " + key + ".");
            }
        }
        return Optional.empty();
    }

    /**
     * An existing cluster must run Java 17 and hold credentials the guard signs in with, in its environment; a
     * single-user cluster must belong to the principal the job runs as.
     */
    private Optional<String> checkCluster(Spec spec) {
        ClusterDetails cluster = cluster(spec.clusterId().get());
        String id = cluster.getClusterId();
        Map<String, String> env = cluster.getSparkEnvVars() == null ? Map.of() : cluster.getSparkEnvVars();
        String jname = env.getOrDefault("JNAME", "");
        if (javaOf(cluster.getSparkVersion()) < 17 && !jname.contains("17")) {
            throw new LakebookException("Cluster " + id + " runs Databricks Runtime " + cluster.getSparkVersion()
                    + ", which starts JARs with Java 8; lakebook needs Java 17. Choose a cluster on Runtime 16 or "
                    + "later, add JNAME=zulu17-ca-amd64 to its environment variables, or deploy on a job cluster "
                    + "(--node-type TYPE --secret-scope SCOPE).");
        }
        boolean signsIn = env.containsKey("DATABRICKS_TOKEN") || env.containsKey("DATABRICKS_CLIENT_ID")
                && env.containsKey("DATABRICKS_CLIENT_SECRET");
        if (!signsIn) {
            throw new LakebookException("Cluster " + id + " has no credentials for the guard in its environment "
                    + "variables, so the job could not sign in. Add DATABRICKS_CLIENT_ID={{secrets/SCOPE/client-id}} "
                    + "and DATABRICKS_CLIENT_SECRET={{secrets/SCOPE/client-secret}} (the service principal's OAuth "
                    + "secret) to the cluster, or deploy on a job cluster (--node-type TYPE --secret-scope SCOPE).");
        }
        String owner = cluster.getSingleUserName();
        boolean single = cluster.getDataSecurityMode() != null && cluster.getDataSecurityMode().toString()
                .contains("SINGLE_USER");
        if (single && owner != null && spec.runAs().isPresent() && !owner.equalsIgnoreCase(spec.runAs().get())) {
            throw new LakebookException("Cluster " + id + " is a single-user cluster of " + owner + "; a job run as "
                    + spec.runAs().get() + " cannot use it. Choose a cluster assigned to the service principal, or a "
                    + "job cluster (--node-type TYPE --secret-scope SCOPE).");
        }
        return Optional.of("the job signs in with the credentials in cluster " + id + "'s environment variables");
    }

    private String clusterRuntime(Spec spec) {
        return Optional.ofNullable(cluster(spec.clusterId().get()).getSparkVersion()).orElse("");
    }

    private ClusterDetails cluster(String id) {
        return Failures.call(() -> workspace.clusters().get(id), "read cluster " + id);
    }

    /**
     * The jar must be where the job can install it from: a Unity Catalog volume. Runtime 16.0 and later install no
     * library from DBFS (docs.databricks.com/release-notes/runtime/16.0).
     */
    private void checkJar(String jar, String runtime) {
        if (jar.startsWith("dbfs:/") && javaOf(runtime) >= 17) {
            throw new LakebookException("--jar " + jar + ": Databricks Runtime 16 and later do not install libraries "
                    + "from DBFS. Upload the guard's job jar to a volume (databricks fs cp "
                    + "guard/target/lakebook-guard-*-job.jar dbfs:/Volumes/CATALOG/SCHEMA/VOLUME/lakebook-guard.jar) "
                    + "and give /Volumes/… instead.");
        }
        if (!jar.startsWith("/Volumes/") && !jar.startsWith("dbfs:/")) {
            throw new LakebookException("--jar must be a path in a volume, such as /Volumes/main/ops/lib/lakebook.jar; "
                    + "got " + jar);
        }
        if (!jar.startsWith("/Volumes/")) {
            return;
        }
        try {
            workspace.files().getMetadata(jar);
        } catch (NotFound e) {
            throw new LakebookException("--jar " + jar + " does not exist in the workspace. Upload it first: "
                    + "databricks fs cp guard/target/lakebook-guard-*-job.jar dbfs:" + jar, e);
        } catch (DatabricksException e) {
            throw Failures.explain(e, "check that " + jar + " exists");
        }
    }

    /** The Java a runtime starts JARs with by default: 17 from Runtime 16.0 on, 8 before. */
    static int javaOf(String sparkVersion) {
        Matcher version = RUNTIME.matcher(sparkVersion == null ? "" : sparkVersion);
        return version.lookingAt() && Integer.parseInt(version.group(1)) >= 16 ? 17 : 8;
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

    private Job job(long id) {
        return Failures.call(() -> workspace.jobs().get(id), "read job " + id);
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
