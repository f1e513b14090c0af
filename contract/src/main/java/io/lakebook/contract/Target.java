package io.lakebook.contract;

import com.databricks.sdk.WorkspaceClient;
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
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import com.databricks.sdk.service.workspace.Delete;
import io.lakebook.core.remote.RemoteSession;
import io.lakebook.core.sql.Sql;

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
 * names no one else uses ({@code lakebook-selftest-<time>-<random>}), and {@link #cleanUp} removes them all, so a
 * run touches nothing that was there before it.
 *
 * <p>Used by one thread: checks run one after another.
 */
public final class Target {

    private static final Duration CONTEXT_WAIT = Duration.ofMinutes(5);
    private static final Duration STATEMENT_WAIT = Duration.ofMinutes(5);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final WorkspaceClient workspace;
    private final String host;
    private final TargetOptions options;
    private final String suffix;
    private final Set<String> contexts = new LinkedHashSet<>();
    private String userName;
    private String runningCluster;
    private RuntimeException clusterFailure;
    private String context;
    private RemoteSession session;
    private String scratchFolder;
    private String scratchSchema;
    private RuntimeException scratchSchemaFailure;
    private String note = "";

    public Target(WorkspaceClient workspace, String host, TargetOptions options) {
        this.workspace = workspace;
        this.host = host;
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

    public TargetOptions options() {
        return options;
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
        try {
            workspace.clusters().ensureClusterIsRunning(id);
        } catch (RuntimeException | java.util.concurrent.TimeoutException e) {
            clusterFailure = new Differed("cluster " + id + " did not start: " + e.getMessage());
            throw clusterFailure;
        }
        runningCluster = id;
        return id;
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
        ContextStatusResponse created = workspace.commandExecution().create(new CreateContext()
                .setClusterId(cluster).setLanguage(Language.PYTHON)).get(CONTEXT_WAIT);
        String id = Expect.present(created.getId(), "the new context's id");
        contexts.add(id);
        return id;
    }

    /** lakebook's own session on the running cluster, shared by the checks; closed by {@link #cleanUp}. */
    public RemoteSession session() {
        if (session == null) {
            session = new RemoteSession(workspace, host, runningCluster(), Duration.ofMinutes(30));
        }
        return session;
    }

    /** Destroys a context made by {@link #newContext}. */
    public void destroyContext(String id) {
        workspace.commandExecution().destroy(new DestroyContext().setClusterId(runningCluster()).setContextId(id));
        contexts.remove(id);
        if (id.equals(context)) {
            context = null;
        }
    }

    public String warehouseId() {
        return options.warehouseId().orElseThrow(() -> Skipped.because("no SQL warehouse was chosen: pass "
                + "--warehouse ID (or set DATABRICKS_WAREHOUSE_ID, or warehouse_id in the profile)"));
    }

    /** lakebook's SQL object on the chosen warehouse. */
    public Sql sql() {
        return new Sql(workspace, warehouseId());
    }

    /** Runs one statement to its end through the SDK, polling past the wait timeout. */
    public StatementResponse statement(String sql) throws InterruptedException {
        StatementResponse response = workspace.statementExecution().executeStatement(new ExecuteStatementRequest()
                .setWarehouseId(warehouseId()).setStatement(sql).setWaitTimeout("30s"));
        long deadline = System.nanoTime() + STATEMENT_WAIT.toNanos();
        while (!ended(response) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            response = workspace.statementExecution().getStatement(response.getStatementId());
        }
        return response;
    }

    public static boolean ended(StatementResponse response) {
        StatementState state = response.getStatus() == null ? null : response.getStatus().getState();
        return state == StatementState.SUCCEEDED || state == StatementState.FAILED
                || state == StatementState.CANCELED || state == StatementState.CLOSED;
    }

    /** The scratch workspace folder, {@code /Users/<you>/lakebook-selftest-…}; made on first use. */
    public String scratchFolder() {
        if (scratchFolder == null) {
            String path = "/Users/" + userName() + "/lakebook-selftest-" + suffix;
            try {
                workspace.workspace().mkdirs(path);
            } catch (PermissionDenied e) {
                throw Skipped.noPermission("may not make the scratch folder " + path + ": " + e.getMessage(), e);
            }
            scratchFolder = path;
        }
        return scratchFolder;
    }

    /** The scratch schema, {@code catalog.lakebook_selftest_…}; made on first use. */
    public String scratchSchema() throws InterruptedException {
        if (scratchSchemaFailure != null) {
            throw scratchSchemaFailure;
        }
        if (scratchSchema == null) {
            String catalog = options.catalog().orElse(null);
            if (catalog == null) {
                catalog = firstValue(statement("SELECT current_catalog()"), "current_catalog()");
            }
            String name = catalog + ".lakebook_selftest_" + suffix.replace('-', '_');
            StatementResponse created = statement("CREATE SCHEMA " + quoted(name));
            if (created.getStatus().getState() != StatementState.SUCCEEDED) {
                String error = errorOf(created);
                scratchSchemaFailure = isPermission(error)
                        ? Skipped.noPermission("may not create the scratch schema " + name + ": " + error, null)
                        : Skipped.because("could not create the scratch schema " + name + " (choose another catalog "
                        + "with --catalog): " + error);
                throw scratchSchemaFailure;
            }
            scratchSchema = name;
        }
        return scratchSchema;
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

    /**
     * Removes what the run made: its execution contexts, the scratch folder and the scratch schema, and checks that
     * they are gone. Never throws: each line says what was removed or what is left to remove by hand.
     */
    public List<String> cleanUp() {
        List<String> lines = new ArrayList<>();
        if (session != null) {
            RemoteSession opened = session;
            session = null;
            lines.add(attempt("closed lakebook's session (its contexts destroyed)", opened::close));
        }
        for (String id : List.copyOf(contexts)) {
            lines.add(attempt("destroyed execution context " + id, () -> destroyContext(id)));
        }
        if (scratchFolder != null) {
            String path = scratchFolder;
            lines.add(attempt("deleted workspace folder " + path, () -> {
                workspace.workspace().delete(new Delete().setPath(path).setRecursive(true));
                Expect.fails(ResourceDoesNotExist.class, () -> workspace.workspace().getStatus(path),
                        "the folder after deleting it");
            }));
        }
        if (scratchSchema != null) {
            String name = scratchSchema;
            lines.add(attempt("dropped schema " + name, () -> {
                StatementResponse dropped = statement("DROP SCHEMA " + quoted(name) + " CASCADE");
                Expect.equal(StatementState.SUCCEEDED, dropped.getStatus().getState(), "DROP SCHEMA ("
                        + errorOf(dropped) + ")");
                String catalog = name.substring(0, name.indexOf('.'));
                for (var schema : workspace.schemas().list(new com.databricks.sdk.service.catalog.ListSchemasRequest()
                        .setCatalogName(catalog))) {
                    Expect.that(!name.equals(schema.getFullName()), "schema " + name + " is still listed");
                }
            }));
        }
        return lines;
    }

    private static String attempt(String done, Step step) {
        try {
            step.run();
            return done;
        } catch (Exception e) {
            return "NOT " + done + " (" + (e instanceof DatabricksException || e instanceof Differed
                    ? e.getMessage() : e.toString()) + "): remove it by hand";
        }
    }

    /** A clean-up step. */
    private interface Step {
        void run() throws Exception;
    }

    /** The state of the chosen cluster, for the report's header. */
    public Optional<String> clusterState() {
        try {
            return options.clusterId().map(id -> String.valueOf(workspace.clusters().get(id).getState()));
        } catch (DatabricksException e) {
            return Optional.of("unreadable: " + e.getMessage());
        }
    }
}
