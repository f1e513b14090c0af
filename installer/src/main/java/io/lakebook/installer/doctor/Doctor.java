package io.lakebook.installer.doctor;

import io.lakebook.core.config.Settings;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.service.iam.MeRequest;
import com.databricks.sdk.service.iam.User;
import io.lakebook.core.error.LakebookException;
import io.lakebook.installer.command.Console;
import io.lakebook.installer.goose.GooseConfig;
import io.lakebook.installer.goose.YamlDocument;
import io.lakebook.installer.kernelspec.KernelSpec;
import io.lakebook.installer.login.Login;
import io.lakebook.installer.profile.DatabricksCfg;
import io.lakebook.installer.setup.Edits;
import io.lakebook.installer.setup.Journal;
import io.lakebook.installer.login.SavedLogin;
import io.lakebook.installer.setup.InstallRecord;
import io.lakebook.installer.setup.Target;
import io.lakebook.installer.setup.Toolkit;
import io.lakebook.installer.workspace.Candidate;
import io.lakebook.installer.workspace.ChatEndpoint;
import io.lakebook.installer.workspace.Bounded;
import io.lakebook.installer.workspace.Reachability;
import io.lakebook.installer.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code lakebook doctor}: checks each part of the set-up in the order it is needed and prints one line per check,
 * {@code ok} with what it found, or what is wrong and the fix. A check that needs an earlier one that failed is
 * reported as not checked rather than failing again.
 */
public final class Doctor {
    static final Duration MCP_TIMEOUT = Duration.ofSeconds(60);

    /** How a check came out; only {@link #FAIL} makes the exit status non-zero. */
    public enum Status {
        OK("ok"), WARN("warn"), FAIL("FAIL"), SKIP("--");

        private final String word;

        Status(String word) {
            this.word = word;
        }
    }

    /** One check's line: its name, the outcome and what was found, with the fix when it is not ok. */
    public record Result(String check, Status status, String message) {
        public String line() {
            return String.format("%-5s %-15s %s", status.word, check, message);
        }
    }

    private final Target target;
    private final Console console;
    private final Login login;
    private final Duration timeout;
    /** How to install lakebook again, from where this install came from. */
    private final String reinstall;
    private final List<Result> results = new ArrayList<>();

    public Doctor(Target target, Console console) {
        this.target = target;
        this.console = console;
        this.login = new Login(console.out(), console.env());
        this.timeout = Bounded.timeout(console.env());
        this.reinstall = Toolkit.reinstallAdvice(target.record().map(InstallRecord::source).map(Path::of));
    }

    /** Runs every check, printing each line as it is known; returns them all. */
    public List<Result> run() {
        java();
        Optional<String> host = profile();
        boolean reachable = host.isPresent() && reachable(host.get());
        Optional<Workspace> workspace = reachable ? signedIn(host.get()) : skip("login", "needs the workspace");
        DatabricksCfg cfg = DatabricksCfg.read(target.databricksConfig());
        cluster(workspace, cfg.get(target.profile(), "cluster_id"));
        warehouse(workspace, cfg.get(target.profile(), "warehouse_id"));
        kernelSpec();
        Optional<YamlDocument> goose = gooseConfig(host);
        gooseModel(goose, workspace);
        mcp(goose);
        return List.copyOf(results);
    }

    public static boolean broken(List<Result> results) {
        return results.stream().anyMatch(result -> result.status() == Status.FAIL);
    }

    private void java() {
        String java = target.record().map(r -> r.java()).orElseGet(() -> ProcessHandle.current().info().command()
                .orElse("java"));
        try {
            String version = javaVersion(java);
            int feature = Integer.parseInt(version.split("[.+-]")[0]);
            if (feature < 17) {
                report("Java", Status.FAIL, java + " is Java " + version + "; lakebook needs 17 or newer. Fix: "
                        + "install Java 17 (Debian: apt-get install openjdk-17-jdk-headless) and " + reinstall
                        + " with it");
            } else {
                report("Java", Status.OK, version + " at " + java);
            }
        } catch (IOException | RuntimeException e) {
            report("Java", Status.FAIL, java + " does not run (" + e.getMessage() + "). Fix: install Java 17 "
                    + "(Debian: apt-get install openjdk-17-jdk-headless) and " + reinstall + " with it");
        }
    }

    private Optional<String> profile() {
        Path file = target.databricksConfig();
        String name = "[" + target.profile() + "] in " + file;
        String fix = "Fix: lakebook install --host https://<your-workspace> --profile " + target.profile();
        DatabricksCfg cfg;
        try {
            cfg = DatabricksCfg.read(file);
        } catch (LakebookException e) {
            return fail("profile", e.getMessage());
        }
        if (!cfg.hasProfile(target.profile())) {
            return fail("profile", name + " does not exist. " + fix);
        }
        Optional<String> host = cfg.get(target.profile(), "host");
        if (host.isEmpty()) {
            return fail("profile", name + " has no host. " + fix);
        }
        Optional<String> authType = cfg.get(target.profile(), "auth_type");
        if (authType.isEmpty() || !List.of("external-browser", "databricks-cli").contains(authType.get())) {
            report("profile", Status.WARN, name + ": auth_type is " + authType.orElse("not set") + ", not an "
                    + "OAuth sign-in lakebook manages. Fix: " + fix.substring("Fix: ".length()));
        } else {
            report("profile", Status.OK, name + ": host " + host.get() + ", auth_type " + authType.get());
        }
        return host;
    }

    /** The workspace answers its OAuth discovery, which needs no sign-in, through the SDK's HTTP client. */
    private boolean reachable(String host) {
        try {
            Reachability.check(host, target.databricksConfig(), timeout);
            report("workspace", Status.OK, host + " answers");
            return true;
        } catch (Reachability.Unreachable e) {
            report("workspace", Status.FAIL, e.getMessage() + ". Fix: check the URL in [" + target.profile()
                    + "] of " + target.databricksConfig() + " and your network (VPN, proxy)");
            return false;
        }
    }

    /** Renews the saved login at once, which proves it will outlive its access token, then asks who it is. */
    private Optional<Workspace> signedIn(String host) {
        String fix = " Fix: lakebook login --profile " + target.profile();
        try {
            Optional<SavedLogin.Renewal> renewal = login.renewal(host, target.profile(), target.databricksConfig());
            WorkspaceClient client = login.client(host, target.profile(), target.databricksConfig(), true);
            User me = Bounded.call("the workspace, asked who is signed in,", timeout,
                    () -> client.currentUser().me(new MeRequest()));
            String who = "signed in as " + Optional.ofNullable(me.getDisplayName()).filter(s -> !s.isBlank())
                    .map(n -> n + " (" + me.getUserName() + ")").orElse(me.getUserName());
            if (renewal.isPresent() && !renewal.get().renewable()) {
                report("login", Status.WARN, who + ", but the saved sign-in has no refresh token, so it cannot renew "
                        + "itself and stops working when its access token expires" + renewal.get().expires()
                        .map(at -> " (" + at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")").orElse("")
                        + "." + fix);
            } else {
                report("login", Status.OK, who + (renewal.isPresent() ? "; the sign-in renews itself"
                        : "; the Databricks CLI renews the sign-in"));
            }
            return Optional.of(new Workspace(client));
        } catch (Bounded.TimedOut e) {
            return fail("login", e.getMessage() + ". Fix: check your network (VPN, proxy), then run lakebook "
                    + "doctor again");
        } catch (DatabricksException | LakebookException e) {
            return fail("login", "the saved sign-in does not work: " + rootMessage(e) + fix);
        }
    }

    private void cluster(Optional<Workspace> workspace, Optional<String> id) {
        String fix = "Fix: lakebook install --cluster-id ID (in a terminal, lakebook install lists them)";
        if (id.isEmpty()) {
            report("cluster", Status.FAIL, "no cluster_id in [" + target.profile() + "]. " + fix);
            return;
        }
        if (workspace.isEmpty()) {
            skip("cluster", id.get() + " not checked: needs the login");
            return;
        }
        Optional<Candidate> cluster = query("cluster", () -> workspace.get().cluster(id.get()));
        if (cluster == null) {
            return;
        }
        if (cluster.isEmpty()) {
            report("cluster", Status.FAIL, id.get() + " does not exist in the workspace. " + fix);
            return;
        }
        String state = cluster.get().state();
        switch (state) {
            case "RUNNING", "PENDING", "RESTARTING", "RESIZING" -> report("cluster", Status.OK,
                    cluster.get().label());
            case "TERMINATED" -> report("cluster", Status.WARN, cluster.get().label() + ". Fix: nothing needed, "
                    + "the first cell starts it (a few minutes); to start it now, use Start on the workspace's "
                    + "Compute page, or %lakebook start in a notebook");
            default -> report("cluster", Status.WARN, cluster.get().label() + ". Fix: look at the cluster on the "
                    + "workspace's Compute page, or choose another with lakebook install --cluster-id ID");
        }
    }

    private void warehouse(Optional<Workspace> workspace, Optional<String> id) {
        if (id.isEmpty()) {
            report("warehouse", Status.WARN, "no warehouse_id in [" + target.profile() + "]; Goose's SQL tools "
                    + "need one. Fix: lakebook install --warehouse-id ID");
            return;
        }
        if (workspace.isEmpty()) {
            skip("warehouse", id.get() + " not checked: needs the login");
            return;
        }
        Optional<Candidate> warehouse = query("warehouse", () -> workspace.get().warehouse(id.get()));
        if (warehouse == null) {
            return;
        }
        if (warehouse.isEmpty() || List.of("DELETED", "DELETING").contains(warehouse.get().state())) {
            report("warehouse", Status.FAIL, id.get() + " does not exist in the workspace (any more). Fix: "
                    + "lakebook install --warehouse-id ID");
        } else if (warehouse.get().state().equals("STOPPED")) {
            report("warehouse", Status.OK, warehouse.get().label() + " (the first query starts it)");
        } else {
            report("warehouse", Status.OK, warehouse.get().label());
        }
    }

    private void kernelSpec() {
        Path file = target.kernelSpec();
        if (!Files.isRegularFile(file)) {
            report("kernel spec", Status.FAIL, file + " does not exist. Fix: lakebook install --kernel");
            return;
        }
        try {
            List<String> argv = KernelSpec.argv(file);
            Map<String, String> env = KernelSpec.env(file);
            Optional<String> problem = commandProblem(argv).map(p -> p + ". Fix: " + reinstall)
                    .or(() -> envProblem("its env", env, "lakebook install --kernel"));
            report("kernel spec", problem.isPresent() ? Status.FAIL : Status.OK, problem.map(p -> file + " "
                    + p).orElse(file + " starts " + jarOf(argv).orElse(argv.get(0))));
        } catch (IOException e) {
            report("kernel spec", Status.FAIL, file + " cannot be read (" + e.getMessage() + "). Fix: lakebook "
                    + "install --kernel");
        }
    }

    private Optional<YamlDocument> gooseConfig(Optional<String> host) {
        Path file = target.gooseConfig();
        if (!Files.isRegularFile(file)) {
            return fail("Goose config", file + " does not exist. Fix: lakebook install --goose");
        }
        YamlDocument config;
        try {
            config = Edits.readYaml(file);
        } catch (YamlDocument.InvalidYamlException e) {
            Path backup = Journal.backupOf(file);
            return fail("Goose config", e.getMessage() + " Fix: correct it" + (Files.exists(backup)
                    ? " (or put back " + backup + ")" : "") + ", then run lakebook install --goose");
        }
        Optional<Object> extension = config.get(GooseConfig.EXTENSION_PATH);
        if (extension.isEmpty() || !(extension.get() instanceof Map<?, ?> entry)) {
            report("Goose config", Status.FAIL, file + " has no extension " + GooseConfig.EXTENSION + ". Fix: "
                    + "lakebook install --goose");
            return Optional.of(config);
        }
        Optional<String> problem = extensionProblem(entry, config, host);
        report("Goose config", problem.isPresent() ? Status.FAIL : Status.OK, problem.map(p -> file + ": " + p)
                .orElse(file + " lists the " + GooseConfig.EXTENSION + " extension and the databricks provider"));
        return Optional.of(config);
    }

    private Optional<String> extensionProblem(Map<?, ?> entry, YamlDocument config, Optional<String> host) {
        if (!"stdio".equals(entry.get("type")) || !(entry.get("args") instanceof List<?>)) {
            return Optional.of("the " + GooseConfig.EXTENSION + " extension is not a stdio extension with args. "
                    + "Fix: lakebook install --goose");
        }
        Optional<String> command = commandProblem(command(entry));
        if (command.isPresent()) {
            return Optional.of("the " + GooseConfig.EXTENSION + " extension " + command.get() + ". Fix: "
                    + reinstall);
        }
        if (!Boolean.TRUE.equals(entry.get("enabled"))) {
            return Optional.of("the " + GooseConfig.EXTENSION + " extension is turned off (enabled: "
                    + entry.get("enabled") + "), so Goose does not load it. Fix: set enabled: true there, or turn "
                    + "it on in goose configure (Toggle Extensions), or run lakebook install --goose");
        }
        Object envs = entry.get("envs");
        Object profile = envs instanceof Map<?, ?> map ? map.get(Settings.ENV_DEFAULT_PROFILE) : null;
        if (!target.profile().equals(profile)) {
            return Optional.of("the extension uses profile " + profile + ", not " + target.profile() + ". Fix: "
                    + "lakebook install --goose --profile " + target.profile());
        }
        Map<String, String> variables = new java.util.LinkedHashMap<>();
        if (envs instanceof Map<?, ?> map) {
            map.forEach((k, v) -> variables.put(String.valueOf(k), String.valueOf(v)));
        }
        Optional<String> env = envProblem("the extension's envs", variables, "lakebook install --goose");
        if (env.isPresent()) {
            return env;
        }
        Optional<Object> gooseHost = config.get(List.of("DATABRICKS_HOST"));
        if (host.isPresent() && gooseHost.filter(h -> host.get().equals(h)).isEmpty()) {
            return Optional.of("Goose's DATABRICKS_HOST is " + gooseHost.orElse("not set") + ", not " + host.get()
                    + ". Fix: lakebook install --goose");
        }
        return Optional.empty();
    }

    private void gooseModel(Optional<YamlDocument> config, Optional<Workspace> workspace) {
        if (config.isEmpty()) {
            skip("Goose model", "not checked: needs Goose's config");
            return;
        }
        Optional<String> model = GooseConfig.model(config.get());
        if (model.isEmpty()) {
            report("Goose model", Status.FAIL, "Goose has no Databricks model. Fix: lakebook model use NAME "
                    + "(lakebook model list shows them)");
            return;
        }
        if (workspace.isEmpty()) {
            skip("Goose model", model.get() + " not checked: needs the login");
            return;
        }
        List<ChatEndpoint> endpoints = query("Goose model", () -> workspace.get().chatEndpoints());
        if (endpoints == null) {
            return;
        }
        Optional<ChatEndpoint> endpoint = endpoints.stream().filter(e -> e.name().equals(model.get())).findFirst();
        report("Goose model", endpoint.isPresent() ? Status.OK : Status.FAIL, endpoint.map(e -> e.name() + ", "
                + e.asCandidate().note()).orElse(model.get() + " is not a chat endpoint of the workspace. Fix: "
                + "lakebook model use NAME (lakebook model list shows them)"));
    }

    /** Starts the server as Goose would, from Goose's entry when there is one, else from the install record. */
    private void mcp(Optional<YamlDocument> config) {
        Optional<Map<?, ?>> entry = config.flatMap(c -> c.get(GooseConfig.EXTENSION_PATH))
                .filter(Map.class::isInstance).map(e -> (Map<?, ?>) e);
        List<String> command = entry.map(Doctor::command).orElseGet(this::recordedCommand);
        if (command.isEmpty()) {
            skip("MCP server", "not checked: no command to start it (Goose's config and the install record lack "
                    + "one)");
            return;
        }
        Optional<String> problem = commandProblem(command).map(p -> p + ". Fix: " + reinstall)
                .or(() -> mcpArgumentsProblem(command));
        if (problem.isPresent()) {
            report("MCP server", Status.FAIL, "not started: the command " + problem.get());
            return;
        }
        Map<String, String> env = new java.util.HashMap<>();
        entry.map(e -> e.get("envs")).filter(Map.class::isInstance).map(e -> (Map<?, ?>) e)
                .ifPresent(envs -> envs.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v))));
        env.putIfAbsent(Settings.ENV_DEFAULT_PROFILE, target.profile());
        try {
            McpProbe.Answer answer = McpProbe.probe(command, env, MCP_TIMEOUT);
            report("MCP server", answer.tools().isEmpty() ? Status.FAIL : Status.OK, "lakebook mcp started ("
                    + answer.serverName() + ") and lists " + answer.tools().size() + " tools: "
                    + String.join(", ", answer.tools().subList(0, Math.min(4, answer.tools().size()))) + ", ...");
        } catch (IOException | LakebookException e) {
            String why = String.valueOf(e.getMessage()).contains("Usage: java") ? "java did not start lakebook: it "
                    + "printed its own usage, so the extension's arguments are wrong" : e.getMessage();
            report("MCP server", Status.FAIL, String.join(" ", command.subList(0, 1)) + " ... mcp failed: "
                    + why + ". Fix: " + reinstall);
        }
    }

    /** The extension must run {@code java [options] -jar JAR mcp}; anything else does not start lakebook's server. */
    private static Optional<String> mcpArgumentsProblem(List<String> command) {
        int jar = command.indexOf("-jar");
        boolean shaped = jar > 0 && jar == command.size() - 3 && command.get(command.size() - 1).equals("mcp");
        return shaped ? Optional.empty() : Optional.of("has the arguments " + command.subList(1, command.size())
                + ", which do not start lakebook's MCP server (they must end in -jar JAR mcp). Fix: lakebook install "
                + "--goose");
    }

    /**
     * Whether the kernel or the MCP server will read the same {@code ~/.databrickscfg} as this check: Jupyter and
     * Goose do not pass on the {@code DATABRICKS_CONFIG_FILE} of the shell install ran in, so it must be in their
     * own environment when the profile lives elsewhere.
     */
    private Optional<String> envProblem(String where, Map<String, String> env, String fix) {
        Path expected = target.databricksConfig().toAbsolutePath().normalize();
        Path standard = target.places().home().resolve(".databrickscfg").toAbsolutePath().normalize();
        Optional<Path> given = Optional.ofNullable(env.get("DATABRICKS_CONFIG_FILE")).filter(v -> !v.isBlank())
                .map(v -> Path.of(v).toAbsolutePath().normalize());
        Path used = given.orElse(standard);
        if (used.equals(expected)) {
            return Optional.empty();
        }
        return Optional.of("reads " + used + (given.isPresent() ? " (DATABRICKS_CONFIG_FILE in " + where + ")"
                : " (" + where + " set no DATABRICKS_CONFIG_FILE)") + ", but the profile is in " + expected
                + ". Fix: " + fix + " with DATABRICKS_CONFIG_FILE=" + expected + " set");
    }

    private List<String> recordedCommand() {
        return target.record().filter(r -> r.java() != null && r.jar() != null).map(r -> {
            List<String> command = new ArrayList<>(new io.lakebook.installer.setup.Toolkit(Path.of(r.java()),
                    Path.of(r.jar())).command());
            command.add("mcp");
            return command;
        }).orElse(List.of());
    }

    private static List<String> command(Map<?, ?> entry) {
        List<String> command = new ArrayList<>();
        command.add(String.valueOf(entry.get("cmd")));
        if (entry.get("args") instanceof List<?> args) {
            args.forEach(arg -> command.add(String.valueOf(arg)));
        }
        return command;
    }

    /** What is wrong with a {@code java … -jar JAR …} command: a java or a jar that is not there. */
    private static Optional<String> commandProblem(List<String> argv) {
        if (argv.isEmpty()) {
            return Optional.of("has no command");
        }
        Path java = Path.of(argv.get(0));
        if (!java.isAbsolute() || !Files.isExecutable(java)) {
            return Optional.of("starts " + argv.get(0) + ", which is not an executable file");
        }
        Optional<String> jar = jarOf(argv);
        if (jar.isPresent() && !Files.isRegularFile(Path.of(jar.get()))) {
            return Optional.of("points at " + jar.get() + ", which does not exist");
        }
        return Optional.empty();
    }

    private static Optional<String> jarOf(List<String> argv) {
        int at = argv.indexOf("-jar");
        return at >= 0 && at + 1 < argv.size() ? Optional.of(argv.get(at + 1)) : Optional.empty();
    }

    private static String javaVersion(String java) throws IOException {
        Process process = new ProcessBuilder(java, "-XshowSettings:properties", "-version").redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("it did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return output.lines().map(String::strip).filter(line -> line.startsWith("java.version = ")).findFirst()
                .map(line -> line.substring("java.version = ".length()))
                .orElseThrow(() -> new IOException("it printed no version"));
    }

    /** Runs a workspace query; a failure is reported for {@code check} and gives null. */
    private <T> T query(String check, java.util.function.Supplier<T> call) {
        try {
            return Bounded.call("the workspace, asked for the " + check + ",", timeout, call::get);
        } catch (Bounded.TimedOut e) {
            report(check, Status.FAIL, e.getMessage() + ". Fix: check your network (VPN, proxy), then run lakebook "
                    + "doctor again");
            return null;
        } catch (DatabricksException e) {
            report(check, Status.FAIL, "the workspace refused the question (" + rootMessage(e) + "). Fix: check "
                    + "that your user may see it, or ask your workspace admin");
            return null;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof io.lakebook.installer.login.SavedLogin.NotSignedInException) {
                break;
            }
            cause = cause.getCause();
        }
        String message = String.valueOf(cause.getMessage()).strip();
        return message.endsWith(".") ? message : message + ".";
    }

    private <T> Optional<T> fail(String check, String message) {
        report(check, Status.FAIL, message);
        return Optional.empty();
    }

    private <T> Optional<T> skip(String check, String message) {
        report(check, Status.SKIP, message);
        return Optional.empty();
    }

    private void report(String check, Status status, String message) {
        Result result = new Result(check, status, message);
        results.add(result);
        console.out().println(result.line());
        console.out().flush();
    }
}
