package io.lakebook.installer.command;

import io.lakebook.installer.UsageException;
import io.lakebook.installer.setup.Uninstaller;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code lakebook uninstall}: takes back what {@code lakebook install} did, and nothing else. */
public final class UninstallCommand implements Command {

    @Override
    public String name() {
        return "uninstall";
    }

    @Override
    public String synopsis() {
        return "";
    }

    @Override
    public String summary() {
        return "Remove what lakebook install added; put back the files it changed as they were.";
    }

    @Override
    public Options options() {
        return new Options().addOption("h", "help", false, "show this help");
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        if (!line.getArgList().isEmpty()) {
            throw new UsageException("unexpected " + line.getArgList() + "; uninstall takes no arguments (it "
                    + "removes what lakebook install recorded, wherever that went)");
        }
        return new Uninstaller(console).run();
    }
}
