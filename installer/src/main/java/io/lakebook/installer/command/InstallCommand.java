package io.lakebook.installer.command;

import io.lakebook.installer.Launcher;
import io.lakebook.installer.UsageException;
import io.lakebook.installer.kernelspec.JupyterDirs;
import io.lakebook.installer.kernelspec.KernelSpec;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.OptionGroup;
import org.apache.commons.cli.Options;

import java.nio.file.Path;

/** {@code lakebook install --kernel}: registers the {@code databricks} kernel with Jupyter. */
public final class InstallCommand implements Command {

    @Override
    public String name() {
        return "install";
    }

    @Override
    public String synopsis() {
        return "--kernel [--jupyter-dir DIR | --user | --sys-prefix]";
    }

    @Override
    public String summary() {
        return "Register the Databricks kernel with Jupyter.";
    }

    @Override
    public Options options() {
        OptionGroup where = new OptionGroup()
                .addOption(Option.builder().longOpt("jupyter-dir").hasArg().argName("DIR")
                        .desc("install into DIR/kernels (use with JUPYTER_PATH=DIR)").get())
                .addOption(Option.builder().longOpt("user").desc("install for this user (the default)").get())
                .addOption(Option.builder().longOpt("sys-prefix")
                        .desc("install into the active Python environment (sys.prefix)").get());
        return new Options()
                .addOption(Option.builder().longOpt("kernel").desc("register the Databricks kernel").get())
                .addOptionGroup(where)
                .addOption("h", "help", false, "show this help");
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        if (!line.hasOption("kernel")) {
            throw new UsageException("this version installs the Jupyter kernel only: run `lakebook install --kernel`");
        }
        Path dataDir = dataDir(line, console);
        KernelSpec.Installed spec = KernelSpec.install(dataDir, Launcher.command());
        console.out().println("Installed the Databricks kernel: " + spec.file());
        spec.backup().ifPresent(backup -> console.out().println("The kernel spec it replaced is kept in " + backup
                + "."));
        if (line.hasOption("jupyter-dir")) {
            console.out().println("Jupyter finds it with JUPYTER_PATH=" + dataDir + " (check: jupyter kernelspec list).");
        } else {
            console.out().println("Check with: jupyter kernelspec list");
        }
        return 0;
    }

    private static Path dataDir(CommandLine line, Console console) throws java.io.IOException {
        if (line.hasOption("jupyter-dir")) {
            return console.workingDirectory().resolve(line.getOptionValue("jupyter-dir")).toAbsolutePath().normalize();
        }
        if (line.hasOption("sys-prefix")) {
            return JupyterDirs.sysPrefixDataDir();
        }
        return JupyterDirs.userDataDir(console.env());
    }
}
