package io.lakebook.installer.command;

import io.lakebook.kernel.KernelMain;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code lakebook kernel -f CONNECTION_FILE}: the Databricks Jupyter kernel, as Jupyter starts it. */
public final class KernelCommand implements Command {

    @Override
    public String name() {
        return "kernel";
    }

    @Override
    public String synopsis() {
        return "-f CONNECTION_FILE";
    }

    @Override
    public String summary() {
        return "Run the Databricks Jupyter kernel (Jupyter starts this through the kernel spec).";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder("f").hasArg().argName("CONNECTION_FILE").required()
                        .desc("the connection file Jupyter wrote").get())
                .addOption("h", "help", false, "show this help");
    }

    @Override
    public int run(CommandLine line, Console console) {
        return KernelMain.run(new String[] {"-f", line.getOptionValue("f")});
    }
}
