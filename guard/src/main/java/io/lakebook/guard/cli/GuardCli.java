package io.lakebook.guard.cli;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.iam.MeRequest;
import com.databricks.sdk.service.iam.User;
import io.lakebook.core.config.WarehouseSettings;
import io.lakebook.core.error.LakebookException;
import io.lakebook.core.remote.Failures;
import io.lakebook.core.remote.Workspaces;
import io.lakebook.core.sql.Sql;
import io.lakebook.guard.Guard;
import io.lakebook.guard.RunReport;
import io.lakebook.guard.budget.BudgetFile;
import io.lakebook.guard.budget.Budgets;
import io.lakebook.guard.budget.Principals;
import io.lakebook.guard.notify.Notifier;
import io.lakebook.guard.notify.Webhook;
import io.lakebook.guard.workspace.Groups;
import io.lakebook.guard.workspace.JobDeployer;
import io.lakebook.guard.workspace.StateStore;
import io.lakebook.guard.workspace.StatementFailedException;
import io.lakebook.guard.workspace.StatusRow;
import io.lakebook.guard.workspace.UsageReader;
import io.lakebook.guard.workspace.Warehouse;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code lakebook guard plan|apply|status|deploy}: the budget guard from the command line. It reaches the workspace
 * as every lakebook command does (environment, project file, profile) and runs SQL on the warehouse of
 * {@code --warehouse}, else {@code DATABRICKS_WAREHOUSE_ID}, else the profile's {@code warehouse_id}.
 */
public final class GuardCli {
    public static final String SYNOPSIS = "plan|apply|status|deploy [--budgets FILE] [--dry-run] [--user EMAIL] "
            + "[--every 15m] [--jar PATH] [--run-as APPLICATION_ID] [--warehouse ID] [--profile NAME]";
    public static final String SUMMARY = "Keep each user's AI Gateway spend within a budget (for admins; status for "
            + "everyone).";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

    private final PrintStream out;
    private final Map<String, String> env;
    private final Path workingDirectory;

    public GuardCli(PrintStream out, Map<String, String> env, Path workingDirectory) {
        this.out = out;
        this.env = env;
        this.workingDirectory = workingDirectory;
    }

    public static Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("budgets").hasArg().argName("FILE")
                        .desc("the budgets file (see guard/budgets.sample.yaml); needed by plan, apply, deploy").get())
                .addOption(Option.builder().longOpt("dry-run").desc("apply, deploy: show what would change and "
                        + "change nothing anywhere").get())
                .addOption(Option.builder().longOpt("user").hasArg().argName("EMAIL")
                        .desc("status: whose status to show (default: you; someone else for workspace admins)")
                        .get())
                .addOption(Option.builder().longOpt("schema").hasArg().argName("CATALOG.SCHEMA")
                        .desc("status without --budgets: where the guard's tables are (default "
                                + "main.lakebook_guard)").get())
                .addOption(Option.builder().longOpt("every").hasArg().argName("DURATION")
                        .desc("deploy: how often the job runs, such as 15m or 1h (default: the file's interval)").get())
                .addOption(Option.builder().longOpt("jar").hasArg().argName("PATH")
                        .desc("deploy: the lakebook jar in the workspace, such as /Volumes/main/ops/lib/lakebook.jar")
                        .get())
                .addOption(Option.builder().longOpt("job-name").hasArg().argName("NAME")
                        .desc("deploy: the job's name (default: lakebook guard)").get())
                .addOption(Option.builder().longOpt("budgets-path").hasArg().argName("PATH")
                        .desc("deploy: where the budgets file is uploaded (default /Users/YOU/lakebook-guard/"
                                + "budgets.yaml)").get())
                .addOption(Option.builder().longOpt("cluster-id").hasArg().argName("ID")
                        .desc("deploy: run on this existing cluster").get())
                .addOption(Option.builder().longOpt("node-type").hasArg().argName("TYPE")
                        .desc("deploy: run on a new single-node job cluster of this node type").get())
                .addOption(Option.builder().longOpt("spark-version").hasArg().argName("VERSION")
                        .desc("deploy: the job cluster's runtime (default " + JobDeployer.SPARK_VERSION + ", whose "
                                + "Java is 17)").get())
                .addOption(Option.builder().longOpt("run-as").hasArg().argName("APPLICATION_ID")
                        .desc("deploy: the service principal the job runs as (default: you)").get())
                .addOption(Option.builder().longOpt("notify-email").hasArg().argName("ADDRESS")
                        .desc("deploy: tell this address when a run fails or is skipped (repeat for more)").get())
                .addOption(Option.builder().longOpt("host").hasArg().argName("URL")
                        .desc("the workspace URL (default DATABRICKS_HOST, else the profile's host)").get())
                .addOption(Option.builder().longOpt("secret-scope").hasArg().argName("SCOPE")
                        .desc("deploy: secret scope with the service principal's client-id and client-secret").get())
                .addOption(Option.builder().longOpt("warehouse").hasArg().argName("ID")
                        .desc("the SQL warehouse (default " + WarehouseSettings.ENV_WAREHOUSE
                                + ", else the profile's warehouse_id)").get())
                .addOption(Option.builder().longOpt("profile").hasArg().argName("NAME")
                        .desc("the ~/.databrickscfg profile (default DATABRICKS_CONFIG_PROFILE)").get())
                .addOption("h", "help", false, "show this help");
    }

    /** Runs {@code lakebook guard ACTION}; returns the exit status (0 done, 1 failed). */
    public int run(CommandLine line) {
        List<String> words = line.getArgList();
        if (words.size() != 1 || !List.of("plan", "apply", "status", "deploy").contains(words.get(0))) {
            throw new GuardUsageException("say what to do: lakebook guard plan, apply, status or deploy");
        }
        return switch (words.get(0)) {
            case "plan" -> report(guard(line).plan(), budgets(line), false);
            case "apply" -> line.hasOption("dry-run") ? report(guard(line).plan(), budgets(line), true)
                    : report(guard(line).apply(), budgets(line), false);
            case "status" -> status(line);
            default -> deploy(line);
        };
    }

    private Guard guard(CommandLine line) {
        Budgets budgets = budgets(line);
        Connection connection = connect(line);
        Notifier notifier = budgets.webhook().<Notifier>map(Webhook::new).orElse(Notifier.none());
        return new Guard(connection.workspace(), connection.warehouse(), budgets, notifier);
    }

    private Budgets budgets(CommandLine line) {
        String file = line.getOptionValue("budgets");
        if (file == null) {
            throw new GuardUsageException("--budgets FILE is needed: the budgets file (start from "
                    + "guard/budgets.sample.yaml)");
        }
        return BudgetFile.read(workingDirectory.resolve(file));
    }

    private record Connection(WorkspaceClient workspace, Warehouse warehouse) {
    }

    private Connection connect(CommandLine line) {
        Map<String, String> settings = new HashMap<>(env);
        Optional.ofNullable(line.getOptionValue("profile")).ifPresent(profile -> settings.put(
                "DATABRICKS_CONFIG_PROFILE", profile));
        Optional.ofNullable(line.getOptionValue("warehouse")).ifPresent(id -> settings.put(
                WarehouseSettings.ENV_WAREHOUSE, id));
        Optional.ofNullable(line.getOptionValue("host")).ifPresent(host -> settings.put("DATABRICKS_HOST", host));
        WarehouseSettings warehouse = WarehouseSettings.load(workingDirectory, settings);
        WorkspaceClient workspace = Workspaces.connect(warehouse.databricks(), warehouse.consulted());
        return new Connection(workspace, new Warehouse(new Sql(workspace, warehouse.warehouseId())));
    }

    private int report(RunReport report, Budgets budgets, boolean dryRun) {
        if (report.skipped().isPresent()) {
            out.println("lakebook guard apply: " + report.skipped().get() + ".");
            return 0;
        }
        report.plan().ifPresent(plan -> new PlanTable(out, budgets).print(plan));
        report.warnings().forEach(text -> out.println("WARNING: " + text));
        out.println("endpoints:");
        report.lines().forEach(text -> out.println("  " + text));
        report.failures().forEach(text -> out.println("  FAILED: " + text));
        if (!report.applied()) {
            out.println(dryRun ? "Dry run: nothing was changed anywhere." : "Plan only: nothing was changed. "
                    + "`lakebook guard apply` takes these actions.");
        }
        return report.failures().isEmpty() ? 0 : 1;
    }

    private int status(CommandLine line) {
        Connection connection = connect(line);
        Optional<Budgets> budgets = Optional.ofNullable(line.getOptionValue("budgets")).map(f -> budgets(line));
        String schema = budgets.map(Budgets::stateSchema).orElse(line.getOptionValue("schema",
                "main.lakebook_guard"));
        User me = Failures.call(() -> connection.workspace().currentUser().me(new MeRequest()), "read who you are");
        String self = me.getUserName().toLowerCase(Locale.ROOT);
        boolean admin = me.getGroups() != null && me.getGroups().stream().anyMatch(g -> "admins".equals(
                g.getDisplay()));
        String user = Optional.ofNullable(line.getOptionValue("user")).orElse(self).toLowerCase(Locale.ROOT);
        if (!user.equals(self) && !admin) {
            throw new GuardUsageException("only workspace admins can see another user's status; leave out --user "
                    + "to see your own");
        }
        StateStore store = new StateStore(connection.warehouse(), schema);
        String source = store.table(admin ? "guard_status" : StateStore.MY_STATUS);
        Optional<StatusRow> row;
        try {
            row = store.status(user, admin);
        } catch (StatementFailedException e) {
            if (e.tableMissing()) {
                throw new LakebookException("The guard has not run in " + schema + " yet (" + source + " does not "
                        + "exist). An admin runs `lakebook guard apply --budgets FILE` first; if the guard keeps its "
                        + "tables elsewhere, give --schema CATALOG.SCHEMA or --budgets FILE.", e);
            }
            throw new LakebookException("Could not read " + source + ": " + e.reason() + ". Ask an admin for USE "
                    + "CATALOG and USE SCHEMA on " + schema + ", SELECT on " + source + " and CAN USE on the "
                    + "warehouse.", e);
        }
        Instant now = new UsageReader(connection.warehouse()).now();
        out.println("lakebook guard status for " + user + ":");
        if (row.isEmpty()) {
            never(connection, budgets, user, now);
        } else {
            show(row.get(), budgets, now);
        }
        out.println("The guard checks at intervals and usage reaches it late: it is not a real-time cut-off.");
        return 0;
    }

    /** A user the guard has not seen this period: their budget and when the guard looks next, from the file. */
    private void never(Connection connection, Optional<Budgets> budgets, String user, Instant now) {
        out.println("  spent       nothing recorded by the guard yet");
        if (budgets.isEmpty()) {
            out.println("  budget      set in the admins' budgets file; give --budgets FILE to see yours");
            return;
        }
        Budgets file = budgets.get();
        Map<String, java.util.Set<String>> members = new Groups(connection.workspace()).members(file.groups()
                .keySet());
        java.math.BigDecimal budget = Optional.ofNullable(file.users().get(user)).orElseGet(() -> members.entrySet()
                .stream().filter(e -> e.getValue().contains(user)).map(e -> file.groups().get(e.getKey())
                        .memberBudget()).flatMap(Optional::stream).max(java.math.BigDecimal::compareTo)
                .orElse(file.defaultBudget()));
        ZoneId zone = file.zone();
        out.println("  budget      " + PlanTable.money(budget) + " " + file.currency() + " a " + file.period().name()
                .toLowerCase(Locale.ROOT).replace("daily", "day").replace("weekly", "week")
                .replace("monthly", "month") + ", from " + WHEN.format(file.periodStart(now).atZone(zone)));
        out.println("  next check  about " + WHEN.format(nextRun(now, file.interval(), zone).atZone(zone))
                + " (every " + file.interval().toMinutes() + " min)");
    }

    private void show(StatusRow status, Optional<Budgets> budgets, Instant now) {
        ZoneId zone = Optional.ofNullable(status.timeZone()).map(ZoneId::of).orElse(budgets.map(Budgets::zone)
                .orElse(ZoneId.of("UTC")));
        String currency = Optional.ofNullable(status.currency()).or(() -> budgets.map(Budgets::currency))
                .map(c -> " " + c).orElse("");
        boolean current = budgets.map(b -> b.periodStart(now).equals(status.periodStart())).orElse(true);
        out.println("  period      from " + WHEN.format(status.periodStart().atZone(zone))
                + (current ? "" : " (an earlier period: nothing was spent since it ended)"));
        out.println("  spent       " + PlanTable.money(status.spent()) + currency + "  (as of "
                + WHEN.format(status.updatedAt().atZone(zone)) + ")");
        out.println("  budget      " + PlanTable.money(status.budget()) + currency);
        boolean blocked = status.blockedUntil() != null && status.blockedUntil().isAfter(now);
        out.println("  blocked     " + (blocked ? "until " + WHEN.format(status.blockedUntil().atZone(zone)) + ": "
                + status.reason() : status.blockedUntil() != null ? "until " + WHEN.format(status.blockedUntil()
                .atZone(zone)) + " (lifted at the guard's next run)" : "no"));
        budgets.ifPresent(file -> out.println("  next check  about " + WHEN.format(nextRun(now, file.interval(),
                zone).atZone(zone)) + " (every " + file.interval().toMinutes() + " min)"));
    }

    /**
     * The next run of a job deployed with {@code --every} equal to the interval: its cron fires at whole multiples
     * of the interval from midnight in the budget's zone ({@link JobDeployer#cron}).
     */
    static Instant nextRun(Instant now, Duration interval, ZoneId zone) {
        java.time.ZonedDateTime local = now.atZone(zone);
        java.time.ZonedDateTime midnight = local.toLocalDate().atStartOfDay(zone);
        long step = interval.toSeconds();
        long passed = Duration.between(midnight, local).toSeconds();
        return midnight.plusSeconds((passed / step + 1) * step).toInstant();
    }

    private int deploy(CommandLine line) {
        Budgets budgets = budgets(line);
        Connection connection = connect(line);
        String jar = Optional.ofNullable(line.getOptionValue("jar")).orElseThrow(() -> new GuardUsageException(
                "--jar PATH is needed: upload the guard's job jar (guard/target/lakebook-guard-*-job.jar) to a volume "
                + "and give its path, such as /Volumes/main/ops/lib/lakebook-guard.jar"));
        Duration every = Optional.ofNullable(line.getOptionValue("every")).map(GuardCli::duration)
                .orElse(budgets.interval());
        String me = Failures.call(() -> connection.workspace().currentUser().me(new MeRequest()).getUserName(),
                "read who you are");
        byte[] file;
        try {
            file = Files.readAllBytes(workingDirectory.resolve(line.getOptionValue("budgets")));
        } catch (IOException e) {
            throw new LakebookException("Could not read the budgets file: " + e.getMessage(), e);
        }
        Optional<String> runAs = Optional.ofNullable(line.getOptionValue("run-as"));
        runAs.filter(id -> !Principals.isServicePrincipal(id)).ifPresent(id -> {
            throw new GuardUsageException("--run-as takes the service principal's application id (a UUID such as "
                    + "6f3c2a1e-0b7d-4c5e-9a3f-11d2c4b5a601), got '" + id + "'");
        });
        List<String> emails = line.getOptionValues("notify-email") == null ? List.of()
                : List.of(line.getOptionValues("notify-email"));
        boolean dryRun = line.hasOption("dry-run");
        JobDeployer.Spec spec = new JobDeployer.Spec(line.getOptionValue("job-name", "lakebook guard"), every,
                budgets.zone(), jar, line.getOptionValue("budgets-path", "/Users/" + me
                + "/lakebook-guard/budgets.yaml"), file, connection.warehouse().id(),
                Optional.ofNullable(line.getOptionValue("cluster-id")),
                Optional.ofNullable(line.getOptionValue("node-type")),
                line.getOptionValue("spark-version", JobDeployer.SPARK_VERSION),
                Optional.ofNullable(line.getOptionValue("secret-scope")),
                connection.workspace().config().getHost(), runAs, emails, dryRun);
        if (!every.equals(budgets.interval())) {
            out.println("WARNING: --every " + every.toMinutes() + "m differs from the budgets file's interval ("
                    + budgets.interval().toMinutes() + "m), which projections count on: set interval: "
                    + every.toMinutes() + "m in the file, or deploy with --every " + budgets.interval().toMinutes()
                    + "m.");
        }
        JobDeployer.Deployed job = new JobDeployer(connection.workspace()).deploy(spec);
        job.notes().forEach(note -> out.println("NOTE: " + note));
        String what = dryRun ? (job.created() ? "would create a job" : "would update job " + job.jobId())
                : (job.created() ? "created" : "updated") + " job " + job.jobId();
        out.println("lakebook guard deploy: " + what + " '" + spec.name() + "': runs `lakebook guard apply` on cron '"
                + job.cron() + "' (" + budgets.zone() + "), one run at a time, with the budgets file at "
                + spec.budgetsPath() + (runAs.map(id -> ", as service principal " + id).orElse(", as you"))
                + (emails.isEmpty() ? "" : ", telling " + String.join(", ", emails) + " of failed runs") + ".");
        if (dryRun) {
            out.println("The job's settings it would send (only these fields; whatever else the job has stays):");
            out.println(settingsJson(job.settings()));
            out.println("Dry run: nothing was uploaded, created or changed.");
        }
        return 0;
    }

    private static String settingsJson(com.databricks.sdk.service.jobs.JobSettings settings) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                    .writerWithDefaultPrettyPrinter().writeValueAsString(settings);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return settings.toString();
        }
    }

    static Duration duration(String text) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(\\d+)\\s*([mh])").matcher(text.trim());
        if (!matcher.matches()) {
            throw new GuardUsageException("--every takes minutes or hours, such as 15m or 1h; got '" + text
                    + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return matcher.group(2).equals("m") ? Duration.ofMinutes(amount) : Duration.ofHours(amount);
    }
}
