package io.lakebook.installer.command;

import io.lakebook.installer.UsageException;
import io.lakebook.installer.kernelspec.JupyterDirs;
import io.lakebook.installer.setup.InstallOptions;
import io.lakebook.installer.setup.InstallRecord;
import io.lakebook.installer.setup.Journal;
import io.lakebook.installer.setup.Places;
import io.lakebook.installer.setup.Installer;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.OptionGroup;
import org.apache.commons.cli.Options;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code lakebook install}: sets up this user's machine for a workspace: the toolkit, the profile and the sign-in,
 * the Jupyter kernel and Goose. With {@code --kernel} alone and no {@code --host} it only registers the kernel.
 */
public final class InstallCommand implements Command {

    @Override
    public String name() {
        return "install";
    }

    @Override
    public String synopsis() {
        return "--host URL [--profile NAME] [--cluster-id ID] [--warehouse-id ID] [--model ENDPOINT] [--no-login] "
                + "[--kernel] [--goose] [--jupyter-dir DIR | --user | --sys-prefix] [--goose-config FILE] [--yes]";
    }

    @Override
    public String summary() {
        return "Set up lakebook for a workspace: sign in, the Databricks kernel for Jupyter, Goose.";
    }

    @Override
    public Options options() {
        OptionGroup where = new OptionGroup()
                .addOption(Option.builder().longOpt("jupyter-dir").hasArg().argName("DIR")
                        .desc("install the kernel into DIR/kernels (use with JUPYTER_PATH=DIR)").get())
                .addOption(Option.builder().longOpt("user").desc("install the kernel for this user (the default, "
                        + "unless install used another place before)").get())
                .addOption(Option.builder().longOpt("sys-prefix")
                        .desc("install the kernel into the active Python environment (sys.prefix)").get());
        return new Options()
                .addOption(value("host", "URL", "the workspace URL, https://... (default: the profile's host)"))
                .addOption(value("profile", "NAME", "the profile in ~/.databrickscfg to write (default: the one "
                        + "install set up before, else DEFAULT; a profile of another workspace is not taken over)"))
                .addOption(value("cluster-id", "ID", "the cluster notebooks run on (default: ask, or --yes: a "
                        + "running one, else the first, which the first cell starts)"))
                .addOption(value("warehouse-id", "ID", "the SQL warehouse for Goose's SQL tools (default: ask)"))
                .addOption(value("model", "ENDPOINT", "the serving endpoint Goose chats with (default: ask)"))
                .addOption(Option.builder().longOpt("no-login").desc("do not open a browser to sign in; sign in "
                        + "later with lakebook login").get())
                .addOption(Option.builder().longOpt("kernel").desc("register the Databricks kernel with Jupyter")
                        .get())
                .addOption(Option.builder().longOpt("goose").desc("wire Goose to the workspace and lakebook").get())
                .addOptionGroup(where)
                .addOption(value("goose-config", "FILE", "Goose's config.yaml (default: "
                        + "~/.config/goose/config.yaml)"))
                .addOption(Option.builder().longOpt("yes").desc("ask nothing: take the default for each choice")
                        .get())
                .addOption("h", "help", false, "show this help");
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        if (!line.getArgList().isEmpty()) {
            throw new UsageException("unexpected " + line.getArgList() + "; install takes options only");
        }
        boolean neither = !line.hasOption("kernel") && !line.hasOption("goose");
        // Run again without flags, install keeps working on the profile, kernel place and Goose configuration it
        // set up before (the model is the one in that Goose configuration).
        Optional<InstallRecord> record = Journal.read(Places.of(console).record());
        Optional<String> profile = value(line, "profile").or(() -> record.map(InstallRecord::profile));
        Optional<Path> gooseConfig = value(line, "goose-config").map(file -> path(console, file))
                .or(() -> record.map(InstallRecord::gooseConfig).map(Path::of));
        InstallOptions options = new InstallOptions(value(line, "host"), profile,
                value(line, "cluster-id"), value(line, "warehouse-id"), value(line, "model"),
                !line.hasOption("no-login"), neither || line.hasOption("kernel"), neither || line.hasOption("goose"),
                dataDir(line, console, record), gooseConfig, line.hasOption("yes"));
        return new Installer(options, console).run();
    }

    private static Option value(String name, String argName, String description) {
        return Option.builder().longOpt(name).hasArg().argName(argName).desc(description).get();
    }

    private static Optional<String> value(CommandLine line, String name) {
        return Optional.ofNullable(line.getOptionValue(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static Path path(Console console, String file) {
        return console.workingDirectory().resolve(file).toAbsolutePath().normalize();
    }

    private static Path dataDir(CommandLine line, Console console, Optional<InstallRecord> record)
            throws IOException {
        if (line.hasOption("jupyter-dir")) {
            return path(console, line.getOptionValue("jupyter-dir"));
        }
        if (line.hasOption("sys-prefix")) {
            return JupyterDirs.sysPrefixDataDir();
        }
        if (line.hasOption("user")) {
            return JupyterDirs.userDataDir(console.env());
        }
        return record.flatMap(InstallRecord::jupyterDir).orElseGet(() -> JupyterDirs.userDataDir(console.env()));
    }
}
