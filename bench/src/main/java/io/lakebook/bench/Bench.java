package io.lakebook.bench;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.PatCredentialsProvider;
import com.databricks.sdk.service.compute.State;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.bench.process.Processes;
import io.lakebook.emulator.Emulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the figures share in one run: the options, a scratch folder, one emulated workspace on loopback with its
 * cluster running, the Jupyter folder holding both kernels, and the list of commands each figure ran, for the report.
 * lakebook reaches the emulator only through its host URL and token, as it reaches a workspace.
 */
public final class Bench implements AutoCloseable {
    public static final String LAKEBOOK_KERNEL = "databricks";
    public static final String IPYKERNEL = "bench-ipykernel";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");
    private static final Duration SETUP_LIMIT = Duration.ofMinutes(5);

    private final BenchOptions options;
    private final Path work;
    private final Map<String, List<String>> commands = new LinkedHashMap<>();
    private String figure = "setup";
    private Emulator emulator;
    private WorkspaceClient workspace;
    private Path jupyterDir;
    private List<String> lakebook;
    private List<String> mcp;
    private Path nodeDir;
    private Machine machine;

    public Bench(BenchOptions options) throws IOException {
        this.options = options;
        this.work = Files.createTempDirectory("lakebook-bench-");
    }

    public BenchOptions options() {
        return options;
    }

    /** A scratch folder for this run, removed at the end. */
    public Path work() {
        return work;
    }

    /** See {@link BenchOptions#repetitions}. */
    public int repetitions(int full, int quick) {
        return options.repetitions(full, quick);
    }

    /** The commands each figure ran, by figure title, with this run's folders shortened to {@code $WORK}. */
    public Map<String, List<String>> commands() {
        return commands;
    }

    void beginFigure(String title) {
        figure = title;
    }

    /** Notes a command in the current figure's list for the report. */
    public void record(String command) {
        String shown = command.replace(work.toString(), "$WORK").replace(options.root().toString() + "/", "");
        List<String> list = commands.computeIfAbsent(figure, key -> new ArrayList<>());
        if (!list.contains(shown)) {
            list.add(shown);
        }
    }

    /** Runs a command to its end, noting it for the report. */
    public Processes.Result run(List<String> command, Path dir, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        record(String.join(" ", command));
        return Processes.run(command, dir, env, timeout);
    }

    /** The machine and the versions of what is measured, probed once. */
    public synchronized Machine machine() throws IOException, InterruptedException {
        if (machine == null) {
            machine = Machine.probe(python(), nodeDir(), options.root());
        }
        return machine;
    }

    /** Runs a command to its end without noting it: for commands the figure notes in a shorter form itself. */
    public Processes.Result runQuietly(List<String> command, Path dir, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        return Processes.run(command, dir, env, timeout);
    }

    /** The emulated workspace, started at first use, with its default cluster RUNNING. */
    public synchronized Emulator emulator() {
        if (emulator == null) {
            emulator = Emulator.builder().build().start();
            WorkspaceClient client = workspace();
            String cluster = emulator.defaultClusterId();
            client.clusters().start(cluster);
            long deadline = System.nanoTime() + SETUP_LIMIT.toNanos();
            while (client.clusters().get(cluster).getState() != State.RUNNING) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the emulated cluster did not reach RUNNING");
                }
                sleep(50);
            }
        }
        return emulator;
    }

    /** databricks-sdk-java on the emulator, as a plain client with a token. */
    public synchronized WorkspaceClient workspace() {
        if (workspace == null) {
            Emulator started = emulator == null ? emulator() : emulator;
            workspace = new WorkspaceClient(new DatabricksConfig().setHost(started.host())
                    .setToken(started.token()).setCredentialsProvider(new PatCredentialsProvider()));
        }
        return workspace;
    }

    /** The variables that point lakebook at the emulator and at nothing of the user's. */
    public Map<String, String> workspaceEnv() {
        Emulator started = emulator();
        Map<String, String> env = new HashMap<>();
        env.put("DATABRICKS_HOST", started.host());
        env.put("DATABRICKS_TOKEN", started.token());
        env.put("DATABRICKS_CLUSTER_ID", started.defaultClusterId());
        env.put("DATABRICKS_WAREHOUSE_ID", started.defaultWarehouseId());
        env.put("DATABRICKS_CONFIG_FILE", work.resolve("no-databrickscfg").toString());
        env.put("PATH", "/usr/bin:" + System.getenv().getOrDefault("PATH", "/bin"));
        return env;
    }

    /**
     * {@link #workspaceEnv()} plus a Jupyter of this run's own: its kernel specs (lakebook's, as {@code lakebook
     * install --kernel} writes it, and Debian's ipykernel under {@value #IPYKERNEL}), data and runtime folders.
     */
    public Map<String, String> jupyterEnv() throws IOException, InterruptedException {
        Path dir = jupyterDir();
        Map<String, String> env = new HashMap<>(workspaceEnv());
        env.put("JUPYTER_PATH", dir.toString());
        env.put("JUPYTER_DATA_DIR", dir.resolve("data").toString());
        env.put("JUPYTER_RUNTIME_DIR", dir.resolve("runtime").toString());
        env.put("JUPYTER_CONFIG_DIR", dir.resolve("config").toString());
        env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        return env;
    }

    /** The command that starts lakebook, exactly as the installed kernel spec starts it, without the sub-command. */
    public synchronized List<String> lakebookCommand() throws IOException, InterruptedException {
        if (lakebook == null) {
            JsonNode argv = JSON.readTree(jupyterDir().resolve("kernels/" + LAKEBOOK_KERNEL + "/kernel.json")
                    .toFile()).get("argv");
            List<String> command = new ArrayList<>();
            argv.forEach(part -> command.add(part.asText()));
            lakebook = List.copyOf(command.subList(0, command.size() - 3));
        }
        return lakebook;
    }

    /**
     * The command an agent starts {@code lakebook mcp} with, as lakebook's launcher gives it for the jar
     * ({@code Launcher mcp}).
     */
    public synchronized List<String> mcpCommand() throws IOException, InterruptedException {
        if (mcp == null) {
            String java = ProcessHandle.current().info().command().orElse("java");
            String classPath = options.jar().map(Path::toString).orElse(System.getProperty("java.class.path"));
            List<String> ask = List.of(java, "-cp", classPath, "io.lakebook.installer.Launcher", "mcp");
            JsonNode argv = JSON.readTree(run(ask, work, Map.of(), SETUP_LIMIT).stdoutOrThrow(ask));
            List<String> command = new ArrayList<>();
            argv.forEach(part -> command.add(part.asText()));
            mcp = List.copyOf(command);
        }
        return mcp;
    }

    /** Debian's Python, which has jupyter_client, ipykernel and nbformat. */
    public Path python() {
        return Files.isExecutable(SYSTEM_PYTHON) ? SYSTEM_PYTHON : Path.of("python3");
    }

    /** One of the suite's Python scripts. */
    public Path pythonScript(String name) {
        return options.root().resolve("bench/src/main/python").resolve(name);
    }

    /** The suite's npm folder, its packages installed from the lock file the first time. */
    public synchronized Path nodeDir() throws IOException, InterruptedException {
        if (nodeDir == null) {
            Path dir = options.root().resolve("bench/src/main/node");
            Path installed = dir.resolve("node_modules/.package-lock.json");
            if (!Files.isRegularFile(installed) || Files.getLastModifiedTime(installed)
                    .compareTo(Files.getLastModifiedTime(dir.resolve("package-lock.json"))) < 0) {
                run(List.of("npm", "ci", "--no-audit", "--no-fund"), dir, Map.of(), SETUP_LIMIT)
                        .stdoutOrThrow(List.of("npm ci in " + dir));
            }
            nodeDir = dir;
        }
        return nodeDir;
    }

    private synchronized Path jupyterDir() throws IOException, InterruptedException {
        if (jupyterDir == null) {
            Path dir = Files.createDirectories(work.resolve("jupyter"));
            List<String> install = new ArrayList<>(baseCommand());
            install.addAll(List.of("install", "--kernel", "--jupyter-dir", dir.toString()));
            // install puts its copy of lakebook (and its class-data archive) under HOME: the run's own folder.
            run(install, work, Map.of("HOME", work.resolve("home").toString()), SETUP_LIMIT).stdoutOrThrow(install);
            Path ipykernel = Files.createDirectories(dir.resolve("kernels/" + IPYKERNEL));
            // Debian's own spec for python3-ipykernel, under a name no other installed spec can shadow.
            Files.writeString(ipykernel.resolve("kernel.json"), JSON.writeValueAsString(Map.of(
                    "argv", List.of(python().toString(), "-m", "ipykernel_launcher", "-f", "{connection_file}"),
                    "display_name", "Python 3 (ipykernel)", "language", "python")));
            jupyterDir = dir;
        }
        return jupyterDir;
    }

    /** {@code java -jar lakebook.jar}, or lakebook from this JVM's class path when no jar was given. */
    private List<String> baseCommand() {
        String java = ProcessHandle.current().info().command().orElse("java");
        return options.jar().map(jar -> List.of(java, "-jar", jar.toString()))
                .orElseGet(() -> List.of(java, "-cp", System.getProperty("java.class.path"),
                        "io.lakebook.installer.Main"));
    }

    @Override
    public void close() throws IOException {
        if (emulator != null) {
            emulator.close();
        }
        try (Stream<Path> paths = Files.walk(work)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
