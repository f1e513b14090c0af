package io.lakebook.installer.command;

import io.lakebook.core.error.LakebookException;
import io.lakebook.installer.UsageException;
import io.lakebook.installer.goose.GooseConfig;
import io.lakebook.installer.login.Login;
import io.lakebook.installer.profile.DatabricksCfg;
import io.lakebook.installer.setup.Edits;
import io.lakebook.installer.setup.Journal;
import io.lakebook.installer.setup.Target;
import io.lakebook.installer.workspace.Bounded;
import io.lakebook.installer.workspace.ChatEndpoint;
import io.lakebook.installer.workspace.Workspace;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code lakebook model list} shows the workspace's chat endpoints (pay-per-token foundation models and external
 * models behind AI Gateway) with whether usage tracking and rate limits are on; {@code lakebook model use NAME}
 * makes Goose chat with one of them.
 */
public final class ModelCommand implements Command {

    @Override
    public String name() {
        return "model";
    }

    @Override
    public String synopsis() {
        return "list | use ENDPOINT [--profile NAME] [--goose-config FILE]";
    }

    @Override
    public String summary() {
        return "List the workspace's chat models (AI Gateway usage tracking, rate limits), or switch Goose to one.";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("profile").hasArg().argName("NAME")
                        .desc("the profile to ask (default: the one lakebook install set up)").get())
                .addOption(Option.builder().longOpt("goose-config").hasArg().argName("FILE")
                        .desc("Goose's config.yaml (default: the one lakebook install wired)").get())
                .addOption("h", "help", false, "show this help");
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        List<String> args = line.getArgList();
        boolean list = args.equals(List.of("list"));
        boolean use = args.size() == 2 && args.get(0).equals("use");
        if (!list && !use) {
            throw new UsageException("say `lakebook model list` or `lakebook model use ENDPOINT`");
        }
        Target target = Target.resolve(console, Optional.ofNullable(line.getOptionValue("profile")),
                Optional.ofNullable(line.getOptionValue("goose-config"))
                        .map(f -> console.workingDirectory().resolve(f).toAbsolutePath().normalize()),
                Optional.empty());
        Workspace workspace = workspace(target, console);
        List<ChatEndpoint> endpoints = Bounded.call("the workspace, asked for its serving endpoints,",
                Bounded.timeout(console.env()), workspace::chatEndpoints);
        Optional<String> current = java.nio.file.Files.exists(target.gooseConfig())
                ? GooseConfig.model(Edits.readYaml(target.gooseConfig())) : Optional.empty();
        if (list) {
            print(endpoints, current, console.out());
            return 0;
        }
        return use(args.get(1), endpoints, workspace, target, console);
    }

    private static int use(String name, List<ChatEndpoint> endpoints, Workspace workspace, Target target,
                           Console console) throws Exception {
        if (endpoints.stream().noneMatch(e -> e.name().equals(name))) {
            throw new LakebookException(name + " " + workspace.whyNotChat(name) + ". " + ChatEndpoint.listed(endpoints)
                    + " Run lakebook model use with one of them (lakebook model list shows their AI Gateway "
                    + "settings).");
        }
        Path config = target.gooseConfig();
        List<List<String>> changed = Edits.yaml(Journal.open(target.places()), config, GooseConfig.model(name));
        console.out().println(changed.isEmpty() ? "Goose already uses " + name + "."
                : "Goose now uses " + name + " (in " + config + "). Start a new Goose session for it to apply.");
        return 0;
    }

    private static Workspace workspace(Target target, Console console) {
        String host = DatabricksCfg.read(target.databricksConfig()).get(target.profile(), "host")
                .orElseThrow(() -> new LakebookException("Profile [" + target.profile() + "] of "
                        + target.databricksConfig() + " has no host. Run lakebook install --host https://... first."));
        return new Workspace(new Login(console.out(), console.env()).client(host, target.profile(),
                target.databricksConfig(), false));
    }

    private static void print(List<ChatEndpoint> endpoints, Optional<String> current, PrintStream out) {
        if (endpoints.isEmpty()) {
            out.println("The workspace has no chat endpoints you can use; ask your workspace admin.");
            return;
        }
        int width = Math.max(8, endpoints.stream().mapToInt(e -> e.name().length()).max().orElse(8));
        String format = "%s %-" + width + "s  %-18s  %-14s  %s%n";
        out.printf(format, " ", "ENDPOINT", "KIND", "USAGE TRACKING", "RATE LIMITS");
        for (ChatEndpoint endpoint : endpoints) {
            out.printf(format, current.filter(endpoint.name()::equals).isPresent() ? "*" : " ", endpoint.name(),
                    endpoint.kind(), endpoint.usageTracking() ? "on" : "off",
                    endpoint.rateLimits().isEmpty() ? "off" : "on (" + String.join("; ", endpoint.rateLimits()) + ")");
        }
        out.println(current.map(model -> "* Goose's model. ").orElse("") + "Switch with: lakebook model use ENDPOINT");
    }
}
