package io.lakebook.contract;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.ContextStatusResponse;
import com.databricks.sdk.service.compute.CreateContext;
import com.databricks.sdk.service.compute.DestroyContext;
import com.databricks.sdk.service.compute.Language;
import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.service.iam.MeRequest;
import com.databricks.sdk.service.sql.CancelExecutionRequest;
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import com.databricks.sdk.service.workspace.Delete;
import com.databricks.sdk.support.Wait;
import io.lakebook.core.remote.RemoteSession;
import io.lakebook.core.sql.Sql;
import io.lakebook.core.sql.SqlLimits;
import io.lakebook.core.sql.SqlStatus;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The workspace a run checks, and everything the run makes there. Scratch objects are made on first use, under
 * names no one else uses ({@code lakebook-selftest-<time>-<random>}), and {@link #cleanUp} removes them all, once,
 * so a run touches nothing that was there before it: the execution contexts, the statements still running, the
 * scratch folder and schema, and the cluster when the run started it from TERMINATED.
 *
 * <p>Checks run one after another on one thread. {@link #cleanUp} may also be called from another thread, such as a
 * shutdown hook after Ctrl-C; from then on nothing new is made, and anything a check was making at that moment is
 * removed again by the check's own thread.
 */
public final class Target {

    /** How long the clean-up at the end of a run may take before what is left is reported for removal by hand. */
    public static final Duration CLEAN_UP_LIMIT = Duration.ofMinutes(5);
    private static final Duration CONTEXT_WAIT = Duration.ofMinutes(5);
    private static final Duration STATEMENT_WAIT = Duration.ofMinutes(5);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final WorkspaceClient workspace;
    private final String host;
    private final String signIn;
    private final TargetOptions options;
    private final String suffix;
    private final Object lock = new Object();
    // Guarded by lock: what the clean-up removes.
    private final Set<String> contexts = new LinkedHashSet<>();
    private final Set<String> statements = new LinkedHashSet<>();
    private RemoteSession session;
    private String scratchFolder;
    private String scratchSchema;
    private String startedCluster;
    private CleanUp cleanUp;
    // The checks' thread only.
    private String userName;
    private String runningCluster;
    private RuntimeException clusterFailure;
    private String context;
    private RuntimeException scratchSchemaFailure;
    private String note = "";
    private volatile State clusterAtStart;
    private volatile String clusterAtStartUnreadable;

    public Target(WorkspaceClient workspace, String host, TargetOptions options) {
        this(workspace, host, "the host and token given", options);
    }

    /**
     * @param signIn where the host and the credentials came from, for the report, e.g. {@code host from
     *               DATABRICKS_HOST, token from DATABRICKS_TOKEN}; never a secret
     */
    public Target(WorkspaceClient workspace, String host, String signIn, TargetOptions options) {
        this.workspace = workspace;
        this.host = host;
        this.signIn = signIn;
        this.options = options;
        this.suffix = ZonedDateTime.now(ZoneOffset.UTC).format(STAMP) + "-"
                + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    }

    public WorkspaceClient workspace() {
        return workspace;
    }

    public String host() {
        return host;
    }

    public String signIn() {
        return signIn;
    }

    public TargetOptions options() {
        return options;
    }

    /** A chosen cluster or warehouse the workspace does not know. */
    public static final class UnknownChoice extends RuntimeException {
        private final String kind;
        private final String id;

        UnknownChoice(String kind, String id, DatabricksException cause) {
            super("the workspace has no " + kind + " " + id + ": " + cause.getMessage(), cause);
            this.kind = kind;
            this.id = id;
        }

        /** {@code cluster} or {@code SQL warehouse}. */
        public String kind() {
            return kind;
        }

        public String id() {
            return id;
        }
    }

    /**
     * Reads the chosen cluster and warehouse before any check runs, so that a mistyped id stops the run with one
     * message instead of turning every check that needs it into a difference. A choice the user may not read is
     * left to the checks, which report it as a lack of permission.
     *
     * @throws UnknownChoice when the workspace does not know one of them
     */
    public void checkChoices() {
        options.clusterId().ifPresent(id -> {
            try {
                clusterAtStart = workspace.clusters().get(id).getState();
            } catch (DatabricksError e) {
                throwIfUnknown("cluster", id, e);
            }
        });
        options.warehouseId().ifPresent(id -> {
            try {
                workspace.warehouses().get(id);
            } catch (DatabricksError e) {
                throwIfUnknown("SQL warehouse", id, e);
            }
        });
    }

    private static void throwIfUnknown(String kind, String id, DatabricksError e) {
        // An unknown id is 404, or 400 INVALID_PARAMETER_VALUE for clusters (reference §1.3).
        if (e instanceof ResourceDoesNotExist || e.getStatusCode() == 404 || e.getStatusCode() == 400) {
            throw new UnknownChoice(kind, id, e);
        }
    }

    /** The chosen cluster's state when the run began, for the report's header; empty when none was chosen. */
    public Optional<String> clusterAtStart() {
        if (options.clusterId().isEmpty()) {
            return Optional.empty();
        }
        if (clusterAtStart == null && clusterAtStartUnreadable == null) {
            try {
                clusterAtStart = workspace.clusters().get(options.clusterId().get()).getState();
            } catch (DatabricksException e) {
                clusterAtStartUnreadable = "unreadable: " + e.getMessage();
            }
        }
        return Optional.of(clusterAtStart != null ? String.valueOf(clusterAtStart) : clusterAtStartUnreadable);
    }

    /**
     * Records what a check saw where the reference leaves room (a state that may or may not show, how many chunks),
     * for the report's line of a check that passed: on a live run it is the fact to compare with the emulator.
     */
    public void note(String seen) {
        note = seen;
    }

    /** The note of the check that just ran, cleared. */
    String takeNote() {
        String taken = note;
        note = "";
        return taken;
    }

    /** The signed-in user's name, as SCIM Me reports it. */
    public String userName() {
        if (userName == null) {
            userName = Expect.present(workspace.currentUser().me(new MeRequest()).getUserName(), "Me userName");
        }
        return userName;
    }

    /** The chosen cluster, whatever its state. */
    public String clusterId() {
        return options.clusterId().orElseThrow(() -> Skipped.because("no cluster was chosen: pass --cluster ID "
                + "(or set DATABRICKS_CLUSTER_ID, or cluster_id in the profile)"));
    }

    /**
     * The chosen cluster once it runs. It is started only when the user asked for it; otherwise a cluster that is
     * not running skips the check.
     */
    public String runningCluster() {
        if (runningCluster != null) {
            return runningCluster;
        }
        if (clusterFailure != null) {
            throw clusterFailure;
        }
        String id = clusterId();
        ClusterDetails cluster = workspace.clusters().get(id);
        if (cluster.getState() == State.RUNNING || cluster.getState() == State.RESIZING) {
            runningCluster = id;
            return id;
        }
        if (!options.startCluster()) {
            clusterFailure = Skipped.because("cluster " + id + " is " + cluster.getState() + "; checks that need a "
                    + "cluster run only on a running one. Start it, or pass --start-cluster");
            throw clusterFailure;
        }
        willStart(id, cluster.getState());
        try {
            workspace.clusters().ensureClusterIsRunning(id);
        } catch (RuntimeException | java.util.concurrent.TimeoutException e) {
            clusterFailure = new Differed("cluster " + id + " did not start: " + e.getMessage());
            throw clusterFailure;
        }
        runningCluster = id;
        return id;
    }

    /**
     * Starts the chosen TERMINATED cluster (only with {@code --start-cluster}); the clean-up terminates it again.
     *
     * @return the SDK's waiter for RUNNING
     */
    public Wait<ClusterDetails, Void> startCluster() {
        String id = clusterId();
        willStart(id, workspace.clusters().get(id).getState());
        return workspace.clusters().start(id);
    }

    /** Before a start: a cluster that was not running is put back the way it was found, terminated. */
    private void willStart(String id, State state) {
        synchronized (lock) {
            ensureOpen();
            if (state == State.TERMINATED || state == State.TERMINATING) {
                startedCluster = id;
            }
        }
    }

    /** A Python execution context the checks share; made on first use. */
    public String context() throws Exception {
        if (context == null) {
            context = newContext();
        }
        return context;
    }

    /** A new Python execution context on the running cluster, destroyed by {@link #cleanUp} unless a check did. */
    public String newContext() throws Exception {
        String cluster = runningCluster();
        ensureOpen();
        ContextStatusResponse created = workspace.commandExecution().create(new CreateContext()
                .setClusterId(cluster).setLanguage(Language.PYTHON)).get(CONTEXT_WAIT);
        String id = Expect.present(created.getId(), "the new context's id");
        synchronized (lock) {
            if (cleanUp == null) {
                contexts.add(id);
                return id;
            }
        }
        // The clean-up began while the context was being made: it does not know this one.
        destroy(cluster, id);
        throw stopping();
    }

    /** lakebook's own session on the running cluster, shared by the checks; closed by {@link #cleanUp}. */
    public RemoteSession session() {
        String cluster = runningCluster();
        synchronized (lock) {
            ensureOpen();
            if (session == null) {
                session = new RemoteSession(workspace, host, cluster, Duration.ofMinutes(30));
            }
            return session;
        }
    }

    /** Destroys a context made by {@link #newContext}. */
    public void destroyContext(String id) {
        destroy(runningCluster(), id);
        synchronized (lock) {
            contexts.remove(id);
        }
        if (id.equals(context)) {
            context = null;
        }
    }

    private void destroy(String cluster, String id) {
        workspace.commandExecution().destroy(new DestroyContext().setClusterId(cluster).setContextId(id));
    }

    public String warehouseId() {
        return options.warehouseId().orElseThrow(() -> Skipped.because("no SQL warehouse was chosen: pass "
                + "--warehouse ID (or set DATABRICKS_WAREHOUSE_ID, or warehouse_id in the profile)"));
    }

    /** lakebook's SQL object on the chosen warehouse. */
    public Sql sql() {
        return new Sql(workspace, warehouseId());
    }

    /**
     * Starts a read-only statement through lakebook's {@link Sql}, answered at once; the clean-up cancels it if it
     * is still running then.
     */
    public SqlStatus startStatement(String statement) {
        Sql sql = sql();
        ensureOpen();
        SqlStatus started = sql.start(statement, SqlLimits.readOnly());
        track(started.statementId(), started.ended());
        return started;
    }

    /**
     * Runs one statement to its end through the SDK. It is sent with a wait timeout of 0s, so its id is known at
     * once and the clean-up can cancel it, then polled.
     */
    public StatementResponse statement(String sql) throws InterruptedException {
        ensureOpen();
        StatementResponse response = send(sql);
        track(response.getStatementId(), ended(response));
        StatementResponse last = poll(response);
        if (ended(last)) {
            synchronized (lock) {
                statements.remove(last.getStatementId());
            }
        }
        return last;
    }

    private StatementResponse send(String sql) {
        return workspace.statementExecution().executeStatement(new ExecuteStatementRequest()
                .setWarehouseId(warehouseId()).setStatement(sql).setWaitTimeout("0s"));
    }

    private StatementResponse poll(StatementResponse first) throws InterruptedException {
        StatementResponse response = first;
        long deadline = System.nanoTime() + STATEMENT_WAIT.toNanos();
        long pause = 50;
        while (!ended(response) && System.nanoTime() < deadline) {
            Thread.sleep(pause);
            pause = Math.min(1000, pause * 2);
            response = workspace.statementExecution().getStatement(response.getStatementId());
        }
        return response;
    }

    private void track(String statementId, boolean ended) {
        boolean late;
        synchronized (lock) {
            late = cleanUp != null;
            if (!late && !ended) {
                statements.add(statementId);
            }
        }
        if (late && !ended) {
            cancelQuietly(statementId);
            throw stopping();
        }
    }

    public static boolean ended(StatementResponse response) {
        StatementState state = response.getStatus() == null ? null : response.getStatus().getState();
        return state == StatementState.SUCCEEDED || state == StatementState.FAILED
                || state == StatementState.CANCELED || state == StatementState.CLOSED;
    }

    /** The scratch workspace folder, {@code /Users/<you>/lakebook-selftest-…}; made on first use. */
    public String scratchFolder() {
        synchronized (lock) {
            if (scratchFolder != null) {
                return scratchFolder;
            }
        }
        String path = "/Users/" + userName() + "/lakebook-selftest-" + suffix;
        synchronized (lock) {
            ensureOpen();
            // Known before it exists: a clean-up that begins meanwhile deletes it.
            scratchFolder = path;
        }
        try {
            workspace.workspace().mkdirs(path);
        } catch (PermissionDenied e) {
            synchronized (lock) {
                scratchFolder = null;
            }
            throw Skipped.noPermission("may not make the scratch folder " + path + ": " + e.getMessage(), e);
        }
        if (stoppingNow()) {
            deleteQuietly(path);
            throw stopping();
        }
        return path;
    }

    /** The scratch schema, {@code catalog.lakebook_selftest_…}; made on first use. */
    public String scratchSchema() throws InterruptedException {
        if (scratchSchemaFailure != null) {
            throw scratchSchemaFailure;
        }
        synchronized (lock) {
            if (scratchSchema != null) {
                return scratchSchema;
            }
        }
        String catalog = options.catalog().orElse(null);
        if (catalog == null) {
            catalog = firstValue(statement("SELECT current_catalog()"), "current_catalog()");
        }
        String name = catalog + ".lakebook_selftest_" + suffix.replace('-', '_');
        synchronized (lock) {
            ensureOpen();
            scratchSchema = name;
        }
        StatementResponse created = statement("CREATE SCHEMA " + quoted(name));
        if (created.getStatus().getState() != StatementState.SUCCEEDED) {
            synchronized (lock) {
                scratchSchema = null;
            }
            String error = errorOf(created);
            scratchSchemaFailure = isPermission(error)
                    ? Skipped.noPermission("may not create the scratch schema " + name + ": " + error, null)
                    : Skipped.because("could not create the scratch schema " + name + " (choose another catalog "
                    + "with --catalog): " + error);
            throw scratchSchemaFailure;
        }
        return name;
    }

    /** The first value of a statement that must succeed. */
    public static String firstValue(StatementResponse response, String what) {
        Expect.equal(StatementState.SUCCEEDED, response.getStatus().getState(), what + " statement state ("
                + errorOf(response) + ")");
        var rows = Expect.present(Expect.present(response.getResult(), what + " result").getDataArray(),
                what + " data_array");
        return rows.iterator().next().iterator().next();
    }

    public static String errorOf(StatementResponse response) {
        if (response.getStatus() == null || response.getStatus().getError() == null) {
            return "no error";
        }
        return response.getStatus().getError().getErrorCode() + ": " + response.getStatus().getError().getMessage();
    }

    static boolean isPermission(String error) {
        String upper = error.toUpperCase(Locale.ROOT);
        return upper.contains("PERMISSION") || upper.contains("NOT AUTHORIZED") || upper.contains("ACCESS DENIED");
    }

    /** {@code a.b} as {@code `a`.`b`}. */
    public static String quoted(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("\\.")) {
            parts.add("`" + part.replace("`", "``") + "`");
        }
        return String.join(".", parts);
    }

    /** True once the clean-up has begun: the run is ending, and nothing new is made. */
    public boolean stoppingNow() {
        synchronized (lock) {
            return cleanUp != null;
        }
    }

    /** True once the clean-up has removed what it could. */
    public boolean cleanedUp() {
        synchronized (lock) {
            return cleanUp != null && cleanUp.over();
        }
    }

    private void ensureOpen() {
        synchronized (lock) {
            if (cleanUp != null) {
                throw stopping();
            }
        }
    }

    private static Skipped stopping() {
        return Skipped.because("the run is stopping: nothing new is made");
    }

    /** {@link #cleanUp(Duration)} within {@link #CLEAN_UP_LIMIT}. */
    public List<String> cleanUp() {
        return cleanUp(CLEAN_UP_LIMIT);
    }

    /**
     * Removes what the run made, once, in this order: the statements it started that are still running, lakebook's
     * session, its execution contexts, the scratch folder, the scratch schema, and the cluster if the run started it
     * from TERMINATED. Each is checked to be gone. Never throws: each line says what was removed or what is left to
     * remove by hand. A second call, from any thread, waits for the first and returns the same lines.
     *
     * @param limit how long to wait; what is not done by then is reported as left to remove by hand
     */
    public List<String> cleanUp(Duration limit) {
        CleanUp running;
        synchronized (lock) {
            if (cleanUp == null) {
                cleanUp = new CleanUp(steps());
                cleanUp.start();
            }
            running = cleanUp;
        }
        return running.await(limit);
    }

    private List<CleanUp.Step> steps() {
        Removals removals = new Removals(workspace);
        List<CleanUp.Step> steps = new ArrayList<>();
        for (String id : statements) {
            steps.add(new CleanUp.Step("cancelled statement " + id + ", which was still running",
                    "cancel it in the warehouse's query history", () -> removals.cancelIfRunning(id)));
        }
        if (session != null) {
            RemoteSession opened = session;
            steps.add(new CleanUp.Step("closed lakebook's session (its contexts destroyed)",
                    "restart the cluster to end its execution contexts", () -> {
                        opened.close();
                        return true;
                    }));
        }
        String cluster = options.clusterId().orElse(null);
        for (String id : contexts) {
            steps.add(new CleanUp.Step("destroyed execution context " + id, "restart the cluster to end it",
                    () -> removals.destroyContext(cluster, id)));
        }
        if (scratchFolder != null) {
            String path = scratchFolder;
            steps.add(new CleanUp.Step("deleted workspace folder " + path, "remove it by hand",
                    () -> removals.deleteFolder(path)));
        }
        if (scratchSchema != null) {
            String name = scratchSchema;
            steps.add(new CleanUp.Step("dropped schema " + name, "drop it by hand (DROP SCHEMA " + quoted(name)
                    + " CASCADE)", () -> removals.dropSchema(name, warehouseId())));
        }
        if (startedCluster != null) {
            String id = startedCluster;
            steps.add(new CleanUp.Step("terminated cluster " + id + " again: it was TERMINATED before the run "
                    + "started it", "terminate it by hand", () -> removals.terminate(id)));
        }
        return steps;
    }

    private void cancelQuietly(String statementId) {
        try {
            workspace.statementExecution().cancelExecution(new CancelExecutionRequest().setStatementId(statementId));
        } catch (DatabricksException e) {
            // The run is stopping; the clean-up's report says what it removed.
        }
    }

    private void deleteQuietly(String path) {
        try {
            workspace.workspace().delete(new Delete().setPath(path).setRecursive(true));
        } catch (DatabricksException e) {
            // The run is stopping; the clean-up's report says what it removed.
        }
    }
}
