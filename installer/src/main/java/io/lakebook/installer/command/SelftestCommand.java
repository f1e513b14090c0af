package io.lakebook.installer.command;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.service.iam.MeRequest;
import io.lakebook.contract.Check;
import io.lakebook.contract.Outcome;
import io.lakebook.contract.Report;
import io.lakebook.contract.SuiteRunner;
import io.lakebook.contract.Target;
import io.lakebook.contract.TargetOptions;
import io.lakebook.contract.checks.ContractSuite;
import io.lakebook.core.config.WarehouseSettings;
import io.lakebook.core.error.NotConfiguredException;
import io.lakebook.core.files.UserFiles;
import io.lakebook.core.remote.Failures;
import io.lakebook.core.remote.Workspaces;
import io.lakebook.emulator.Emulator;
import io.lakebook.installer.UsageException;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * {@code lakebook selftest}: the contract suite, the behaviours lakebook relies on in a workspace. With
 * {@code --live} it checks the workspace of the profile or of {@code DATABRICKS_HOST}; without, a fresh in-process
 * emulator, as every build does. Exit status 0 when nothing differed and the clean-up removed everything.
 */
public final class SelftestCommand implements Command {

    static final String ENV_HOST = "DATABRICKS_HOST";
    static final String ENV_TOKEN = "DATABRICKS_TOKEN";
    static final String ENV_PROFILE = "DATABRICKS_CONFIG_PROFILE";
    static final String ENV_CLUSTER = "DATABRICKS_CLUSTER_ID";
    static final String ENV_CONFIG_FILE = "DATABRICKS_CONFIG_FILE";
    /** How long a run stopped by Ctrl-C may spend removing what it made before it says what is left. */
    static final Duration STOP_LIMIT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);
    private static final String FOOTER = "A check that differed is a fact the emulator should learn: report it in an "
            + "issue titled \"selftest: <area>\" with this output, or better the file --report FILE writes (it adds "
            + "where each behaviour is documented). It names your workspace, your user name (in the scratch folder's "
            + "path) and the cluster and warehouse ids, and holds no token and no table data.";

    @Override
    public String name() {
        return "selftest";
    }

    @Override
    public String synopsis() {
        return "[--live [--profile NAME] [--cluster ID] [--start-cluster] [--warehouse ID] [--catalog NAME] "
                + "[--gateway-endpoint NAME]] [--only AREA,...] [--report FILE] [--verbose]";
    }

    @Override
    public String summary() {
        return "Check that a workspace (--live) or the emulator behaves as lakebook relies on; report what differs.";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("live").desc("check the workspace of --profile or "
                        + ENV_HOST + " (default: a fresh in-process emulator)").get())
                .addOption(Option.builder().longOpt("profile").hasArg().argName("NAME")
                        .desc("the ~/.databrickscfg profile to check (default: " + ENV_PROFILE + "); " + ENV_HOST
                                + " and " + ENV_TOKEN + " in the environment come first, as in the Databricks SDK")
                        .get())
                .addOption(Option.builder().longOpt("cluster").hasArg().argName("ID")
                        .desc("the all-purpose cluster for cluster checks (default: " + ENV_CLUSTER
                                + ", else the profile's cluster_id); none skips them").get())
                .addOption(Option.builder().longOpt("start-cluster").desc("start the cluster if it is TERMINATED, "
                        + "and terminate it again at the end (otherwise cluster checks run only on a running "
                        + "cluster)").get())
                .addOption(Option.builder().longOpt("warehouse").hasArg().argName("ID")
                        .desc("the SQL warehouse (default: " + WarehouseSettings.ENV_WAREHOUSE
                                + ", else the profile's warehouse_id); none skips SQL and catalog checks").get())
                .addOption(Option.builder().longOpt("catalog").hasArg().argName("NAME")
                        .desc("the catalog to make the scratch schema in (default: the warehouse's current one)")
                        .get())
                .addOption(Option.builder().longOpt("gateway-endpoint").hasArg().argName("NAME")
                        .desc("a serving endpoint whose AI Gateway settings the run may change and put back "
                                + "(default: none, and that check is skipped)").get())
                .addOption(Option.builder().longOpt("only").hasArg().argName("AREA,...")
                        .desc("run only these areas: " + areas()).get())
                .addOption(Option.builder().longOpt("report").hasArg().argName("FILE")
                        .desc("also write the report, with where each behaviour is documented, to FILE").get())
                .addOption(Option.builder("v").longOpt("verbose").desc("show for every check, not only for one "
                        + "that differed, where its behaviour is documented").get())
                .addOption("h", "help", false, "show this help");
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        List<Check> checks = chosen(line.getOptionValue("only"));
        Optional<Path> reportFile = reportFile(line.getOptionValue("report"), console.workingDirectory());
        if (!line.hasOption("live")) {
            for (String live : List.of("profile", "cluster", "start-cluster", "warehouse", "catalog",
                    "gateway-endpoint")) {
                if (line.hasOption(live)) {
                    throw new UsageException("--" + live + " applies to a workspace: add --live");
                }
            }
            return checkEmulator(checks, line, reportFile, console);
        }
        SelftestWorkspace workspace = SelftestWorkspace.resolve(line.getOptionValue("profile"), console.env());
        Choices choices = choices(line, console, workspace);
        WorkspaceClient client = Workspaces.connect(workspace.config(), List.of(workspace.sources()));
        String host = workspace.config().getHost();
        // Refused credentials would skip every check, a wrong host would fail each: say so once, with the fix.
        Failures.call(() -> client.currentUser().me(new MeRequest()), "read the signed-in user at " + host);
        String signIn = workspace.signIn(client.config());
        Target target = new Target(client, host, signIn + workspace.note().map(note -> "; note: " + note).orElse(""),
                choices.options());
        try {
            target.checkChoices();
        } catch (Target.UnknownChoice e) {
            throw new NotConfiguredException(unknownChoice(e, host, choices), e);
        }
        console.out().println("lakebook selftest: checking " + host + " (" + signIn + ")");
        workspace.note().ifPresent(note -> console.out().println("  note: " + note));
        return runSuite(target, checks, line, reportFile, console);
    }

    private int checkEmulator(List<Check> checks, CommandLine line, Optional<Path> reportFile, Console console)
            throws IOException {
        try (Emulator emulator = Emulator.builder().build().start()) {
            console.out().println("lakebook selftest: checking a fresh in-process emulator (add --live to check your "
                    + "workspace)");
            WorkspaceClient client = Workspaces.connect(new DatabricksConfig().setHost(emulator.host())
                    .setToken(emulator.token()), List.of("the in-process emulator"));
            // The emulator is this run's own: its cluster may start, its first endpoint's gateway may change.
            TargetOptions options = new TargetOptions(Optional.of(emulator.defaultClusterId()),
                    Optional.of(emulator.defaultWarehouseId()), Optional.empty(), true, firstEndpoint(client));
            return runSuite(new Target(client, emulator.host(), "the in-process emulator's host and token", options),
                    checks, line, reportFile, console);
        }
    }

    /**
     * Runs the suite with a shutdown hook, so that Ctrl-C or a kill (SIGINT, SIGTERM) still removes what the run
     * made, within {@link #STOP_LIMIT}, and says what was removed or what is left to remove by hand.
     */
    private static int runSuite(Target target, List<Check> checks, CommandLine line, Optional<Path> reportFile,
                                Console console) throws IOException {
        boolean verbose = line.hasOption("verbose");
        TargetOptions options = target.options();
        console.out().println("  " + clusterHeader(target) + "; warehouse: " + options.warehouseId()
                .orElse("none chosen"));
        console.out().println("  it makes only a scratch folder, a scratch schema and execution contexts, and "
                + "removes them at the end");
        AtomicBoolean stopped = new AtomicBoolean();
        Thread hook = stopHook(target, Thread.currentThread(), console, stopped);
        Runtime.getRuntime().addShutdownHook(hook);
        Report report;
        try {
            report = SuiteRunner.run(target, checks, result -> console.out().println(Report.line(result, verbose)));
        } finally {
            removeHook(hook);
        }
        if (stopped.get()) {
            // The hook says what the clean-up did; the JVM ends when it has.
            return 130;
        }
        return finish(report, reportFile, console);
    }

    private static String clusterHeader(Target target) {
        return Report.clusterLine(target.options(), target.clusterAtStart().orElse(null));
    }

    private static Thread stopHook(Target target, Thread runner, Console console, AtomicBoolean stopped) {
        return new Thread(() -> {
            if (target.cleanedUp()) {
                return;
            }
            stopped.set(true);
            console.out().println("lakebook selftest: stopped; removing what the run made (for at most "
                    + STOP_LIMIT.toSeconds() + " s)");
            console.out().flush();
            runner.interrupt();
            // The run's own thread begins the clean-up once its check gives up; if it is stuck in a call, this does.
            long grace = System.nanoTime() + STOP_GRACE.toNanos();
            while (!target.stoppingNow() && System.nanoTime() < grace) {
                sleepBriefly();
            }
            List<String> lines = target.cleanUp(STOP_LIMIT);
            console.out().println("clean-up:" + (lines.isEmpty() ? " nothing was made" : ""));
            lines.forEach(step -> console.out().println("  " + step));
            console.out().flush();
        }, "lakebook-selftest-stop");
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already stopping; the hook is running.
        }
    }

    private static int finish(Report report, Optional<Path> reportFile, Console console) {
        console.out().println(report.summary());
        console.out().println("clean-up:" + (report.cleanUp().isEmpty() ? " nothing was made" : ""));
        report.cleanUp().forEach(step -> console.out().println("  " + step));
        if (reportFile.isPresent()) {
            try {
                UserFiles.write(reportFile.get(), (report.text() + "\n" + FOOTER + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                console.out().println("report written to " + reportFile.get());
            } catch (IOException e) {
                console.err().println("lakebook selftest: could not write the report to " + reportFile.get() + " ("
                        + e.getMessage() + "); the results are above.");
                return 1;
            }
        }
        if (report.count(Outcome.DIFFERED) > 0) {
            console.out().println(FOOTER);
        }
        return report.passed() ? 0 : 1;
    }

    /**
     * The file {@code --report} names, checked before anything runs: a run of minutes must not end in an error
     * about where its report goes.
     */
    static Optional<Path> reportFile(String option, Path workingDirectory) {
        if (option == null) {
            return Optional.empty();
        }
        Path file = workingDirectory.resolve(option).toAbsolutePath().normalize();
        if (Files.isDirectory(file)) {
            throw new UsageException("--report " + option + " is a folder (" + file + "); name a file, e.g. --report "
                    + file.resolve("selftest-report.txt"));
        }
        Path folder = file.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new UsageException("--report " + option + ": the folder " + folder + " does not exist; make it "
                    + "first, or name a file in a folder that exists");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new UsageException("--report " + option + ": " + file + " may not be written; choose another file");
        }
        // The report is written atomically through a new file beside it, so the folder must take new files.
        try {
            Files.delete(Files.createTempFile(folder, ".lakebook-selftest-", ".tmp"));
        } catch (IOException e) {
            throw new UsageException("--report " + option + ": lakebook cannot write in " + folder + " ("
                    + e.getMessage() + "); choose a folder you may write to");
        }
        return Optional.of(file);
    }

    /**
     * What the user chose and where each choice came from.
     *
     * @param clusterFrom   {@code --cluster}, {@value #ENV_CLUSTER} or the profile's {@code cluster_id}
     * @param warehouseFrom {@code --warehouse}, {@code DATABRICKS_WAREHOUSE_ID} or the profile's {@code warehouse_id}
     */
    record Choices(TargetOptions options, String clusterFrom, String warehouseFrom) {
    }

    private static Choices choices(CommandLine line, Console console, SelftestWorkspace workspace) {
        Map<String, String> env = console.env();
        String cluster = null;
        String clusterFrom = "";
        if (first(line.getOptionValue("cluster")).isPresent()) {
            cluster = line.getOptionValue("cluster").trim();
            clusterFrom = "--cluster";
        } else if (first(env.get(ENV_CLUSTER)).isPresent()) {
            cluster = env.get(ENV_CLUSTER).trim();
            clusterFrom = ENV_CLUSTER;
        } else if (first(workspace.config().getClusterId()).isPresent()) {
            cluster = workspace.config().getClusterId().trim();
            clusterFrom = "cluster_id of profile [" + workspace.profile().orElse("DEFAULT") + "]";
        }
        String warehouse = null;
        String warehouseFrom = "--warehouse";
        if (first(line.getOptionValue("warehouse")).isPresent()) {
            warehouse = line.getOptionValue("warehouse").trim();
        } else {
            Map<String, String> withProfile = new java.util.HashMap<>(env);
            workspace.profile().ifPresent(p -> withProfile.put(ENV_PROFILE, p));
            try {
                WarehouseSettings settings = WarehouseSettings.load(console.workingDirectory(), withProfile);
                warehouse = settings.warehouseId();
                warehouseFrom = settings.consulted().get(settings.consulted().size() - 1);
            } catch (NotConfiguredException e) {
                // None configured: the SQL and catalog checks are skipped, and say how to choose one.
            }
        }
        TargetOptions options = new TargetOptions(Optional.ofNullable(cluster), Optional.ofNullable(warehouse),
                Optional.ofNullable(line.getOptionValue("catalog")), line.hasOption("start-cluster"),
                Optional.ofNullable(line.getOptionValue("gateway-endpoint")));
        return new Choices(options, clusterFrom, warehouseFrom);
    }

    private static String unknownChoice(Target.UnknownChoice e, String host, Choices choices) {
        boolean cluster = e.kind().equals("cluster");
        String from = cluster ? choices.clusterFrom() : choices.warehouseFrom();
        String list = cluster ? "`databricks clusters list` (or the workspace's Compute page)"
                : "`databricks warehouses list` (or the workspace's SQL Warehouses page)";
        String answer = String.valueOf(e.getCause().getMessage()).replaceAll("[.\\s]+$", "");
        return "The workspace " + host + " has no " + e.kind() + " " + e.id() + " (from " + from + "): " + answer
                + ". List the " + (cluster ? "clusters" : "SQL warehouses") + " you may "
                + "use with " + list + ", then pass " + (cluster ? "--cluster" : "--warehouse") + " ID.";
    }

    private static Optional<String> firstEndpoint(WorkspaceClient client) {
        var endpoints = client.servingEndpoints().list().iterator();
        return endpoints.hasNext() ? Optional.ofNullable(endpoints.next().getName()) : Optional.empty();
    }

    static List<Check> chosen(String only) {
        List<Check> all = ContractSuite.checks();
        if (only == null) {
            return all;
        }
        Set<String> wanted = Arrays.stream(only.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        Set<String> unknown = wanted.stream().filter(area -> !areas().contains(area)).collect(Collectors.toSet());
        if (!unknown.isEmpty() || wanted.isEmpty()) {
            throw new UsageException("--only takes areas from " + areas() + ", not '" + only + "'");
        }
        return all.stream().filter(check -> wanted.contains(check.area())).toList();
    }

    private static List<String> areas() {
        return ContractSuite.checks().stream().map(Check::area).distinct().toList();
    }

    private static Optional<String> first(String... values) {
        return Arrays.stream(values).filter(v -> v != null && !v.isBlank()).map(String::trim).findFirst();
    }
}
