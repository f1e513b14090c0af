package io.lakebook.installer.command;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.service.iam.MeRequest;
import io.lakebook.contract.Check;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    private static final String FOOTER = "A check that differed is a fact the emulator should learn: report it with "
            + "this output (it holds no token and no data) in an issue titled \"selftest: <area>\".";

    @Override
    public String name() {
        return "selftest";
    }

    @Override
    public String synopsis() {
        return "[--live [--profile NAME] [--cluster ID] [--start-cluster] [--warehouse ID] [--catalog NAME] "
                + "[--gateway-endpoint NAME]] [--only AREA,...] [--report FILE]";
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
                        .desc("the ~/.databrickscfg profile to check (default: " + ENV_PROFILE + ")").get())
                .addOption(Option.builder().longOpt("cluster").hasArg().argName("ID")
                        .desc("the all-purpose cluster for cluster checks (default: " + ENV_CLUSTER
                                + ", else the profile's cluster_id); none skips them").get())
                .addOption(Option.builder().longOpt("start-cluster").desc("start the cluster if it is not "
                        + "running (otherwise cluster checks run only on a running cluster)").get())
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
                        .desc("also write the report to FILE").get())
                .addOption("h", "help", false, "show this help");
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        List<Check> checks = chosen(line.getOptionValue("only"));
        if (!line.hasOption("live")) {
            for (String live : List.of("profile", "cluster", "start-cluster", "warehouse", "catalog",
                    "gateway-endpoint")) {
                if (line.hasOption(live)) {
                    throw new UsageException("--" + live + " applies to a workspace: add --live");
                }
            }
            try (Emulator emulator = Emulator.builder().build().start()) {
                console.out().println("lakebook selftest: checking a fresh in-process emulator (add --live to "
                        + "check your workspace)");
                WorkspaceClient client = Workspaces.connect(new DatabricksConfig().setHost(emulator.host())
                        .setToken(emulator.token()), List.of("the in-process emulator"));
                // The emulator is this run's own: its cluster may start, its first endpoint's gateway may change.
                TargetOptions options = new TargetOptions(Optional.of(emulator.defaultClusterId()),
                        Optional.of(emulator.defaultWarehouseId()), Optional.empty(), true,
                        firstEndpoint(client));
                return finish(SuiteRunner.run(new Target(client, emulator.host(), options), checks,
                        result -> console.out().println(Report.line(result))), line, console);
            }
        }
        Map<String, String> env = new HashMap<>(console.env());
        Optional.ofNullable(line.getOptionValue("profile")).ifPresent(profile -> env.put(ENV_PROFILE, profile));
        DatabricksConfig config = workspaceConfig(env);
        TargetOptions options = new TargetOptions(
                first(line.getOptionValue("cluster"), env.get(ENV_CLUSTER), config.getClusterId()),
                warehouse(line.getOptionValue("warehouse"), env, console.workingDirectory()),
                Optional.ofNullable(line.getOptionValue("catalog")), line.hasOption("start-cluster"),
                Optional.ofNullable(line.getOptionValue("gateway-endpoint")));
        WorkspaceClient client = Workspaces.connect(config, List.of(describe(env)));
        // Refused credentials would skip every check; say so once, with the fix, instead.
        Failures.call(() -> client.currentUser().me(new MeRequest()), "read the signed-in user");
        console.out().println("lakebook selftest: checking " + config.getHost() + " (" + describe(env) + "); it "
                + "makes only a scratch folder and a scratch schema, and removes them at the end");
        Report report = SuiteRunner.run(new Target(client, config.getHost(), options), checks,
                result -> console.out().println(Report.line(result)));
        return finish(report, line, console);
    }

    private static int finish(Report report, CommandLine line, Console console) throws java.io.IOException {
        console.out().println(report.summary());
        console.out().println("clean-up:" + (report.cleanUp().isEmpty() ? " nothing was made" : ""));
        report.cleanUp().forEach(step -> console.out().println("  " + step));
        if (line.hasOption("report")) {
            Path file = console.workingDirectory().resolve(line.getOptionValue("report"));
            UserFiles.write(file, (report.text() + "\n" + FOOTER + "\n").getBytes(StandardCharsets.UTF_8));
            console.out().println("report written to " + file);
        }
        if (report.count(io.lakebook.contract.Outcome.DIFFERED) > 0) {
            console.out().println(FOOTER);
        }
        return report.passed() ? 0 : 1;
    }

    /**
     * Host and credentials of the workspace to check. A workspace must be named (a profile or {@value #ENV_HOST}):
     * a default profile alone is not enough, so no run reaches a workspace the user did not mean.
     */
    static DatabricksConfig workspaceConfig(Map<String, String> env) {
        Optional<String> profile = first(env.get(ENV_PROFILE));
        Optional<String> host = first(env.get(ENV_HOST));
        if (profile.isEmpty() && host.isEmpty()) {
            throw new UsageException("--live needs a workspace: name a profile with --profile NAME (or "
                    + ENV_PROFILE + "), or set " + ENV_HOST + " and " + ENV_TOKEN);
        }
        DatabricksConfig config = new DatabricksConfig();
        profile.ifPresent(config::setProfile);
        host.ifPresent(config::setHost);
        first(env.get(ENV_TOKEN)).ifPresent(token -> config.setToken(token).setAuthType("pat"));
        try {
            config.resolve();
        } catch (DatabricksException e) {
            throw new NotConfiguredException("lakebook could not read the settings of " + describe(env) + ": "
                    + e.getMessage() + ". Fix the profile, or sign in again with `databricks auth login`.", e);
        }
        if (first(config.getHost()).isEmpty()) {
            throw new NotConfiguredException(describe(env) + " names no host. Add `host = https://<workspace>` to "
                    + "the profile, or set " + ENV_HOST + ".");
        }
        return config;
    }

    private static String describe(Map<String, String> env) {
        return first(env.get(ENV_PROFILE)).map(p -> "profile [" + p + "]").orElse(ENV_HOST + " and " + ENV_TOKEN);
    }

    private static Optional<String> firstEndpoint(WorkspaceClient client) {
        var endpoints = client.servingEndpoints().list().iterator();
        return endpoints.hasNext() ? Optional.ofNullable(endpoints.next().getName()) : Optional.empty();
    }

    private static Optional<String> warehouse(String option, Map<String, String> env, Path workingDirectory) {
        if (option != null) {
            return first(option);
        }
        try {
            return Optional.of(WarehouseSettings.load(workingDirectory, env).warehouseId());
        } catch (NotConfiguredException e) {
            return Optional.empty();
        }
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
