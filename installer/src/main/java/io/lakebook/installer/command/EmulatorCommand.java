package io.lakebook.installer.command;

import io.lakebook.emulator.Emulator;
import io.lakebook.emulator.serving.ServedModel;
import io.lakebook.emulator.serving.ServingEndpoint;
import io.lakebook.emulator.warehouses.WarehouseState;
import io.lakebook.installer.UsageException;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** {@code lakebook emulator}: a local Databricks workspace on loopback, until stopped. */
public final class EmulatorCommand implements Command {
    /** A Databricks pay-per-token embeddings endpoint: served, but not a chat model. */
    static final String EMBEDDINGS = "databricks-gte-large-en";

    @Override
    public String name() {
        return "emulator";
    }

    @Override
    public String synopsis() {
        return "[--port N] [--token T] [--user EMAIL]... [--python PATH] [--start-delay SECONDS] [--faults-port N] "
                + "[--token-lifetime DURATION] [--clusters N] [--warehouses N]";
    }

    @Override
    public String summary() {
        return "Serve a local Databricks workspace on 127.0.0.1 (clusters, contexts, SQL warehouse) until stopped.";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("port").hasArg().argName("N")
                        .desc("port to listen on (default: a free one)").get())
                .addOption(Option.builder().longOpt("token").hasArg().argName("T")
                        .desc("the token clients must send (default: a new random one)").get())
                .addOption(Option.builder().longOpt("user").hasArg().argName("EMAIL")
                        .desc("also serve this user, with a token of their own printed at start (repeat for more "
                                + "users)").get())
                .addOption(Option.builder().longOpt("python").hasArg().argName("PATH")
                        .desc("Python 3 that runs execution contexts (default: /usr/bin/python3, else python3)")
                        .get())
                .addOption(Option.builder().longOpt("start-delay").hasArg().argName("SECONDS")
                        .desc("how long a cluster takes to start (default: 3)").get())
                .addOption(Option.builder().longOpt("faults-port").hasArg().argName("N")
                        .desc("also serve the fault switches (outages, dropped connections, stuck commands) as "
                                + "JSON on this port, 0 for a free one; see docs/reliability.md").get())
                .addOption(Option.builder().longOpt("token-lifetime").hasArg().argName("DURATION")
                        .desc("how long an OAuth access token lives: 90s, 15m, 1h (default: 1h, as a workspace)")
                        .get())
                .addOption(Option.builder().longOpt("clusters").hasArg().argName("N")
                        .desc("all-purpose clusters to offer (default: 1, TERMINATED); the second runs, the others "
                                + "are TERMINATED").get())
                .addOption(Option.builder().longOpt("warehouses").hasArg().argName("N")
                        .desc("SQL warehouses to offer (default: 1, RUNNING); the others are STOPPED").get())
                .addOption("h", "help", false, "show this help");
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        Emulator emulator = configure(line).build();
        emulator.start();
        offerChoices(emulator, count(line, "clusters"), count(line, "warehouses"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "lakebook-emulator-stop"));
        console.out().println("DATABRICKS_HOST=" + emulator.host());
        console.out().println("DATABRICKS_TOKEN=" + emulator.token());
        console.out().println("DATABRICKS_CLUSTER_ID=" + emulator.defaultClusterId());
        console.out().println("DATABRICKS_WAREHOUSE_ID=" + emulator.defaultWarehouseId());
        emulator.faultsUrl().ifPresent(url -> console.out().println("LAKEBOOK_EMULATOR_FAULTS=" + url));
        for (String user : users(line)) {
            console.out().println("# " + user + ": DATABRICKS_TOKEN=" + emulator.directory().tokenFor(user));
        }
        console.out().flush();
        console.err().println("lakebook emulator: serving until stopped (Ctrl-C). The token above acts as the "
                + "workspace's admin, " + emulator.directory().owner() + "; move the workspace clock with POST "
                + emulator.host() + "/lakebook-emulator/clock {\"advance\": \"PT1H\"} (emulator only, not a "
                + "Databricks API).");
        stopped.await();
        return 0;
    }

    static Emulator.Builder configure(CommandLine line) {
        Emulator.Builder builder = Emulator.builder()
                .clusterStartDelay(Duration.ofMillis(seconds(line.getOptionValue("start-delay", "3"))));
        if (line.hasOption("port")) {
            builder.port(port(line.getOptionValue("port")));
        }
        if (line.hasOption("token")) {
            builder.token(line.getOptionValue("token"));
        }
        if (line.hasOption("faults-port")) {
            builder.faultsPort(port(line.getOptionValue("faults-port")));
        }
        if (line.hasOption("python")) {
            builder.python(Path.of(line.getOptionValue("python")));
        }
        if (line.hasOption("token-lifetime")) {
            builder.oauthTokenLifetime(duration(line.getOptionValue("token-lifetime")));
        }
        return builder;
    }

    private static java.util.List<String> users(CommandLine line) {
        String[] given = line.getOptionValues("user");
        java.util.List<String> users = new java.util.ArrayList<>();
        for (String user : given == null ? new String[0] : given) {
            if (!user.matches("[^@\\s]+@[^@\\s]+")) {
                throw new UsageException("--user takes an e-mail address such as ada@example.com, not '" + user + "'");
            }
            users.add(user);
        }
        return users;
    }

    /**
     * More clusters and warehouses to choose from, so that install's questions can be tried by hand, and an
     * embeddings endpoint beside the chat models, which {@code lakebook model use} must refuse.
     */
    static void offerChoices(Emulator emulator, int clusters, int warehouses) {
        for (int n = 2; n <= clusters; n++) {
            String id = emulator.clusters().add("team-cluster-" + n);
            if (n == 2) {
                emulator.clusters().start(id);
            }
        }
        for (int n = 2; n <= warehouses; n++) {
            emulator.warehouses().add("team-warehouse-" + n, WarehouseState.STOPPED);
        }
        if (emulator.servingEndpoints().list().stream().allMatch(e -> e.task() != null
                && e.task().startsWith("llm/v1/chat"))) {
            long now = System.currentTimeMillis();
            emulator.servingEndpoints().add(new ServingEndpoint(EMBEDDINGS, null, "analyst@example.com", now, now,
                    "llm/v1/embeddings", "GTE Large (En), pay-per-token", ServedModel.foundation(
                    "5a4b3c2d1e0f4a9b8c7d6e5f4a3b2c06", EMBEDDINGS, "GTE Large (En)"), null));
        }
    }

    private static int count(CommandLine line, String option) {
        String text = line.getOptionValue(option, "1");
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1 && n <= 50) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + option + " must be a number from 1 to 50, not '" + text + "'");
    }

    /** {@code 90s}, {@code 15m}, {@code 1h}, or a number of seconds. */
    static Duration duration(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*([smh]?)").matcher(text.strip());
        if (m.matches() && Long.parseLong(m.group(1)) > 0) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofSeconds(amount);
            };
        }
        throw new UsageException("--token-lifetime must be a duration such as 90s, 15m or 1h, not '" + text + "'");
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--port must be a number from 0 to 65535, not '" + text + "'");
    }

    private static long seconds(String text) {
        try {
            double seconds = Double.parseDouble(text);
            if (seconds >= 0 && seconds <= 3600) {
                return Math.round(seconds * 1000);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--start-delay must be a number of seconds from 0 to 3600, not '" + text + "'");
    }
}
