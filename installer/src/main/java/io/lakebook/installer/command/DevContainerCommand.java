package io.lakebook.installer.command;

import io.lakebook.installer.Launcher;
import io.lakebook.installer.UsageException;
import io.lakebook.installer.devcontainer.DevContainer;
import io.lakebook.installer.login.Login;
import io.lakebook.installer.setup.InstallRecord;
import io.lakebook.installer.setup.Journal;
import io.lakebook.installer.setup.Places;
import io.lakebook.installer.workspace.WorkspaceUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code lakebook devcontainer [DIR]}: writes a Dev Container that sets up lakebook and signs in inside it. */
public final class DevContainerCommand implements Command {

    @Override
    public String name() {
        return "devcontainer";
    }

    @Override
    public String synopsis() {
        return "[DIR] [--host URL] [--profile NAME] [--jar FILE] [--force]";
    }

    @Override
    public String summary() {
        return "Write .devcontainer/ for a project: Java, Jupyter, Goose and lakebook, signed in on first attach.";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("host").hasArg().argName("URL")
                        .desc("the workspace URL (default: the profile's host in ~/.databrickscfg)").get())
                .addOption(Option.builder().longOpt("profile").hasArg().argName("NAME")
                        .desc("the profile to create in the container (default: the one lakebook install set up, "
                                + "else DATABRICKS_CONFIG_PROFILE, else DEFAULT)").get())
                .addOption(Option.builder().longOpt("jar").hasArg().argName("FILE")
                        .desc("the lakebook jar to put in the container (default: this one)").get())
                .addOption(Option.builder().longOpt("force")
                        .desc("replace a different existing Dev Container, keeping .lakebook-backup copies").get())
                .addOption("h", "help", false, "show this help");
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        List<String> args = line.getArgList();
        if (args.size() > 1) {
            throw new UsageException("give at most one project folder, got " + args);
        }
        Path project = console.workingDirectory().resolve(args.isEmpty() ? "." : args.get(0)).normalize();
        if (!Files.isDirectory(project)) {
            throw new UsageException(project + " is not a folder; give the project's folder");
        }
        String profile = Optional.ofNullable(line.getOptionValue("profile"))
                .or(() -> Journal.read(Places.of(console).record()).map(InstallRecord::profile))
                .or(() -> Optional.ofNullable(console.env().get("DATABRICKS_CONFIG_PROFILE")).filter(p -> !p.isBlank()))
                .orElse(LoginCommand.DEFAULT_PROFILE);
        String host = Optional.ofNullable(line.getOptionValue("host"))
                .or(() -> Login.profileHost(profile, LoginCommand.configFile(console)))
                .map(url -> WorkspaceUrl.parse(url, "--host").host())
                .orElseThrow(() -> new UsageException("no workspace URL: pass --host https://... (or run it where "
                        + "profile [" + profile + "] of ~/.databrickscfg has a host)"));
        for (DevContainer.Written file : new DevContainer(host, profile).write(project, jar(line, console),
                line.hasOption("force"))) {
            console.out().println(file.outcome().name().toLowerCase() + ": " + project.relativize(file.file())
                    + file.backup().map(backup -> " (the original is kept in " + backup.getFileName() + ")")
                    .orElse(""));
        }
        console.out().println("Open " + project + " in VS Code and choose \"Reopen in Container\" (or run "
                + "`devcontainer up --workspace-folder " + project + "`). On the first attach the terminal shows the "
                + "sign-in URL, then asks for the cluster, the SQL warehouse and Goose's model; ports "
                + DevContainer.CLI_CALLBACK_PORT + " and " + DevContainer.SDK_CALLBACK_PORT
                + " carry the browser back into the container. Goose's own sign-in uses a port it picks each time, "
                + "which VS Code forwards when Goose opens it. Commit .devcontainer/ (the jar stays out: git "
                + "ignores it, and a teammate's set-up says how to put it there).");
        return 0;
    }

    private static Path jar(CommandLine line, Console console) {
        if (line.hasOption("jar")) {
            Path jar = console.workingDirectory().resolve(line.getOptionValue("jar"));
            if (!Files.isRegularFile(jar)) {
                throw new UsageException("--jar " + jar + " is not a file");
            }
            return jar;
        }
        List<String> self = Launcher.command();
        int at = self.indexOf("-jar");
        if (at < 0) {
            throw new UsageException("lakebook is not running from its jar; build it (./lakebook does) or pass --jar");
        }
        return Path.of(self.get(at + 1));
    }
}
