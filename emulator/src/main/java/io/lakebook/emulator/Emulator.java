package io.lakebook.emulator;

import io.lakebook.emulator.catalog.UnityCatalogApi;
import io.lakebook.emulator.clusters.Clusters;
import io.lakebook.emulator.clusters.ClustersApi;
import io.lakebook.emulator.execution.CommandExecutionApi;
import io.lakebook.emulator.execution.ExecutionContexts;
import io.lakebook.emulator.faults.Faults;
import io.lakebook.emulator.faults.FaultsAdmin;
import io.lakebook.emulator.http.ApiServer;
import io.lakebook.emulator.identity.IdentityApi;
import io.lakebook.emulator.identity.ScimUser;
import io.lakebook.emulator.inference.Invocations;
import io.lakebook.emulator.inference.InvocationsApi;
import io.lakebook.emulator.jobs.Jobs;
import io.lakebook.emulator.jobs.JobsApi;
import io.lakebook.emulator.oauth.OAuthApi;
import io.lakebook.emulator.oauth.OAuthTokens;
import io.lakebook.emulator.python.PythonRuntime;
import io.lakebook.emulator.scim.Directory;
import io.lakebook.emulator.scim.ScimApi;
import io.lakebook.emulator.serving.ServedModel;
import io.lakebook.emulator.serving.ServingEndpoint;
import io.lakebook.emulator.serving.ServingEndpoints;
import io.lakebook.emulator.serving.ServingEndpointsApi;
import io.lakebook.emulator.sql.ServedEntity;
import io.lakebook.emulator.sql.SqlEngine;
import io.lakebook.emulator.statements.StatementExecutionApi;
import io.lakebook.emulator.statements.Statements;
import io.lakebook.emulator.warehouses.WarehouseState;
import io.lakebook.emulator.warehouses.Warehouses;
import io.lakebook.emulator.warehouses.WarehousesApi;
import io.lakebook.emulator.workspace.WorkspaceApi;
import io.lakebook.emulator.workspace.WorkspaceTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Databricks workspace on loopback, faithful to the REST wire format that databricks-sdk-java reads
 * ({@code reference/databricks-api.md}). lakebook's products reach it only through {@link #host()} and
 * {@link #token()}, exactly as they reach a real workspace.
 *
 * <p>Not thread-safe to start and close concurrently; every other method may be called from any thread.
 */
public final class Emulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Emulator.class);
    static final String USER_NAME = "analyst@example.com";
    static final String DEFAULT_CLUSTER_NAME = "lakebook-emulator";
    static final String DEFAULT_WAREHOUSE_NAME = "lakebook-emulator-warehouse";

    private final int port;
    private final String token;
    private final Path python;
    private final ScheduledExecutorService scheduler;
    private final Clusters clusters;
    private final String defaultClusterId;
    private final Warehouses warehouses;
    private final String defaultWarehouseId;
    private final int catalogPageSize;
    private final WorkspaceClock clock = new WorkspaceClock();
    private final ServingEndpoints servingEndpoints;
    private final OAuthTokens oauth;
    private final Directory directory = new Directory(ScimUser.analyst(USER_NAME));
    private final Jobs jobs = new Jobs(clock);
    private final io.lakebook.emulator.secrets.Secrets secrets = new io.lakebook.emulator.secrets.Secrets(clock);
    private final io.lakebook.emulator.files.VolumeFiles volumeFiles = new io.lakebook.emulator.files.VolumeFiles(
            clock);
    private final Invocations invocations;
    private ApiServer server;
    private volatile SqlEngine engine;
    private Statements statements;
    private PythonRuntime runtime;
    private volatile ExecutionContexts contexts;
    private volatile Faults faults;
    private final int faultsPort;
    private FaultsAdmin faultsAdmin;
    private Thread shutdownHook;

    private Emulator(Builder builder) {
        this.port = builder.port;
        this.token = builder.token;
        this.python = builder.python;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "emulator-clusters");
            thread.setDaemon(true);
            return thread;
        });
        this.clusters = new Clusters(scheduler, builder.clusterStartDelay, USER_NAME, Clock.systemUTC());
        this.defaultClusterId = clusters.add(DEFAULT_CLUSTER_NAME);
        this.warehouses = new Warehouses(scheduler, builder.warehouseStartDelay, USER_NAME);
        this.defaultWarehouseId = warehouses.add(DEFAULT_WAREHOUSE_NAME, WarehouseState.RUNNING);
        this.catalogPageSize = builder.catalogPageSize;
        this.servingEndpoints = ServingEndpoints.seeded(clock, USER_NAME);
        this.oauth = new OAuthTokens(Clock.systemUTC(), builder.oauthTokenLifetime);
        this.invocations = new Invocations(servingEndpoints, directory, this::sql, clock);
        this.faultsPort = builder.faultsPort;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks the Python interpreter, binds the port and starts serving. Fails with {@link EmulatorException} if the
     * interpreter is not a working Python 3 or the port is taken.
     */
    public synchronized Emulator start() {
        if (server != null) {
            throw new EmulatorException("The emulator is already serving at " + host());
        }
        runtime = PythonRuntime.prepare(python);
        engine = SqlEngine.open(clock);
        contexts = new ExecutionContexts(clusters, runtime, engine);
        clusters.onDriverLost(contexts::driverLost);
        try {
            server = new ApiServer(port, token);
        } catch (EmulatorException e) {
            engine.close();
            runtime.close();
            throw e;
        }
        statements = new Statements(engine, warehouses);
        warehouses.servedAt("127.0.0.1", server.port());
        ScimApi scim = new ScimApi(directory);
        new IdentityApi("http://127.0.0.1:" + server.port(), scim::me).register(server);
        scim.register(server);
        server.acceptUserTokens(USER_NAME, directory::userOfToken);
        new OAuthApi(oauth).register(server);
        new ClustersApi(clusters).register(server);
        new CommandExecutionApi(contexts).register(server);
        new io.lakebook.emulator.files.DbfsApi(runtime.dbfsRoot()).register(server);
        new WarehousesApi(warehouses).register(server);
        new StatementExecutionApi(statements).register(server);
        new UnityCatalogApi(engine, catalogPageSize, USER_NAME, System.currentTimeMillis()).register(server);
        new WorkspaceApi(new WorkspaceTree(USER_NAME)).register(server);
        new ServingEndpointsApi(servingEndpoints, host()).register(server);
        new InvocationsApi(invocations).register(server);
        new JobsApi(jobs).register(server);
        new io.lakebook.emulator.control.ClockControlApi(clock, USER_NAME).register(server);
        secrets.register(server);
        volumeFiles.register(server);
        servingEndpoints.list().forEach(this::recordServedEntity);
        faults = new Faults(server, contexts, warehouses, scheduler);
        if (faultsPort >= 0) {
            faultsAdmin = new FaultsAdmin(faults, token, faultsPort);
        }
        server.start();
        shutdownHook = new Thread(this::close, "emulator-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        return this;
    }

    /** The workspace URL to give the SDK, {@code http://127.0.0.1:PORT}. */
    public String host() {
        return "http://127.0.0.1:" + requireServer().port();
    }

    /** The personal access token the emulator accepts. */
    public String token() {
        return token;
    }

    /**
     * The OAuth sign-ins: every API accepts the access tokens issued through the browser flow as well as
     * {@link #token()}. Tests force an expired login ({@code expireAccessTokens()}) or a revoked one
     * ({@code revokeRefreshTokens()}).
     */
    public OAuthTokens oauth() {
        return oauth;
    }

    /** The id of the cluster that exists from the start: TERMINATED, named {@value #DEFAULT_CLUSTER_NAME}. */
    public String defaultClusterId() {
        return defaultClusterId;
    }

    /**
     * The id of the SQL warehouse that exists from the start: RUNNING, named {@value #DEFAULT_WAREHOUSE_NAME}. Give
     * it to clients as {@code DATABRICKS_WAREHOUSE_ID}.
     */
    public String defaultWarehouseId() {
        return defaultWarehouseId;
    }

    /** The SQL warehouses, with hooks for tests: add, start, stop. */
    public Warehouses warehouses() {
        return warehouses;
    }

    /**
     * The workspace's SQL engine, for tests: {@code sql().query("SELECT ...")} reads what statements and notebooks
     * see, {@code sql().insertUsage(...)} adds rows to {@code system.serving.endpoint_usage}.
     */
    public SqlEngine sql() {
        SqlEngine current = engine;
        if (current == null) {
            throw new EmulatorException("The emulator is not serving; call start() first");
        }
        return current;
    }

    /**
     * The workspace's clock, which tests move: {@code clock().advance(Duration.ofDays(1))}. Usage rows, rate-limit
     * windows and SQL's {@code current_timestamp()} follow it.
     */
    public WorkspaceClock clock() {
        return clock;
    }

    /** The serving endpoints and their AI Gateway settings, with hooks for tests. */
    public ServingEndpoints servingEndpoints() {
        return servingEndpoints;
    }

    /**
     * The workspace's users and groups (SCIM), with hooks for tests: {@code directory().tokenFor("bob@example.com")}
     * adds Bob and returns a personal access token that acts as him; {@code addGroup}, {@code addMember}.
     */
    public Directory directory() {
        return directory;
    }

    /** The chat model calls, with a hook for tests to choose how a rate-limited call is refused. */
    public Invocations invocations() {
        return invocations;
    }

    /** The workspace's secret scopes, with a hook for tests: {@code secrets().put("ops", "client-id")}. */
    public io.lakebook.emulator.secrets.Secrets secrets() {
        return secrets;
    }

    /** The files in the workspace's volumes, with a hook for tests: {@code volumeFiles().put("/Volumes/…")}. */
    public io.lakebook.emulator.files.VolumeFiles volumeFiles() {
        return volumeFiles;
    }

    /** The workspace's jobs as created through the Jobs API. */
    public Jobs jobs() {
        return jobs;
    }

    /**
     * The fault switches: HTTP faults on chosen calls (429 and 503 with or without Retry-After, delays, dropped
     * connections, answers cut halfway or trickled), refused connections, evicted contexts, stuck commands, a
     * warehouse that cannot finish starting, an expired token. A cluster terminated or restarted mid-command is
     * {@link #clusters()}' job; an expired OAuth login is {@link #oauth()}'s.
     */
    public Faults faults() {
        requireServer();
        return faults;
    }

    /** Where a separately started emulator takes its fault switches, when asked to ({@link FaultsAdmin}). */
    public Optional<String> faultsUrl() {
        requireServer();
        return Optional.ofNullable(faultsAdmin).map(admin -> "http://127.0.0.1:" + admin.port() + "/faults");
    }

    /** The clusters, with hooks for tests: terminate, restart, fail, add. */
    public Clusters clusters() {
        return clusters;
    }

    /**
     * The API calls received so far (the most recent 20,000), oldest first: tests check with it what a client sent,
     * for example that nothing was sent for an unchanged project.
     */
    public java.util.List<io.lakebook.emulator.http.RequestLog.Entry> requests() {
        return requireServer().requestLog().entries();
    }

    /** Ids of the cluster's execution contexts whose Python process is alive; empty once closed. */
    public Set<String> liveContextIds(String clusterId) {
        ExecutionContexts current = contexts;
        return current == null ? Set.of() : current.liveIds(clusterId);
    }

    /** Stops serving and kills every Python process the emulator started. Safe to call twice; also runs on exit. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        if (faultsAdmin != null) {
            faultsAdmin.close();
            faultsAdmin = null;
        }
        server.close();
        statements.close();
        contexts.close();
        engine.close();
        engine = null;
        runtime.close();
        scheduler.shutdownNow();
        removeShutdownHook();
        server = null;
    }

    /** Each seeded endpoint's model is a row of {@code system.serving.served_entities}, as usage tracking writes. */
    private void recordServedEntity(ServingEndpoint endpoint) {
        ServedModel model = endpoint.served();
        engine.insertServedEntity(new ServedEntity(model.servedEntityId(), endpoint.creator(), endpoint.name(),
                endpoint.id(), model.name(), model.entityType(), model.entityName(), "1", 1, endpoint.task(),
                java.time.Instant.ofEpochMilli(endpoint.creationTimestamp()), null));
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            LOG.debug("The JVM is shutting down; the hook is running already");
        }
    }

    private ApiServer requireServer() {
        if (server == null) {
            throw new EmulatorException("The emulator is not serving; call start() first");
        }
        return server;
    }

    /** Settings of an {@link Emulator}; every one has a default. */
    public static final class Builder {
        private int port;
        private String token = "dapi" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        private Path python = defaultPython();
        private Duration clusterStartDelay = Duration.ZERO;
        private Duration warehouseStartDelay = Duration.ZERO;
        private int catalogPageSize = 50;
        private Duration oauthTokenLifetime = Duration.ofHours(1);
        private int faultsPort = -1;

        private Builder() {
        }

        /** How long an OAuth access token lives ({@code expires_in}); default one hour, as a workspace issues. */
        public Builder oauthTokenLifetime(Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new EmulatorException("The OAuth token lifetime must be positive, got " + value);
            }
            this.oauthTokenLifetime = value;
            return this;
        }

        /**
         * Also serves the fault switches over HTTP on this port of 127.0.0.1 (0 for a free one), apart from the
         * Databricks API ({@link FaultsAdmin}); off by default.
         */
        public Builder faultsPort(int value) {
            if (value < 0 || value > 65535) {
                throw new EmulatorException("The fault switches' port must be between 0 and 65535, got " + value);
            }
            this.faultsPort = value;
            return this;
        }

        /** The port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new EmulatorException("Port must be between 0 and 65535, got " + value);
            }
            this.port = value;
            return this;
        }

        /** The token clients must send; the default is a random {@code dapi...} token. */
        public Builder token(String value) {
            if (value == null || value.isBlank()) {
                throw new EmulatorException("The token must not be empty");
            }
            this.token = value;
            return this;
        }

        /** The Python 3 each execution context runs; with pandas and matplotlib in it, tables and plots work. */
        public Builder python(Path value) {
            this.python = Objects.requireNonNull(value, "python");
            return this;
        }

        /** How long a cluster takes from PENDING to RUNNING (and through the other transitions); default zero. */
        public Builder clusterStartDelay(Duration value) {
            if (value == null || value.isNegative()) {
                throw new EmulatorException("The cluster start delay must be zero or positive, got " + value);
            }
            this.clusterStartDelay = value;
            return this;
        }

        /** How long a SQL warehouse takes from STARTING to RUNNING (and STOPPING to STOPPED); default zero. */
        public Builder warehouseStartDelay(Duration value) {
            if (value == null || value.isNegative()) {
                throw new EmulatorException("The warehouse start delay must be zero or positive, got " + value);
            }
            this.warehouseStartDelay = value;
            return this;
        }

        /** How many items a Unity Catalog list page holds when the client lets the server choose; default 50. */
        public Builder catalogPageSize(int value) {
            if (value < 1) {
                throw new EmulatorException("The catalog page size must be at least 1, got " + value);
            }
            this.catalogPageSize = value;
            return this;
        }

        public Emulator build() {
            return new Emulator(this);
        }

        private static Path defaultPython() {
            Path system = Path.of("/usr/bin/python3");
            return Files.isExecutable(system) ? system : Path.of("python3");
        }
    }
}
