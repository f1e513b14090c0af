package io.lakebook.installer.command;

import io.lakebook.guard.cli.GuardCli;
import io.lakebook.guard.cli.GuardUsageException;
import io.lakebook.installer.UsageException;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code lakebook guard …}: the AI Gateway budget guard of the guard module. */
public final class GuardCommand implements Command {

    @Override
    public String name() {
        return "guard";
    }

    @Override
    public String synopsis() {
        return GuardCli.SYNOPSIS;
    }

    @Override
    public String summary() {
        return GuardCli.SUMMARY;
    }

    @Override
    public Options options() {
        return GuardCli.options();
    }

    @Override
    public int run(CommandLine line, Console console) {
        try {
            return new GuardCli(console.out(), console.env(), console.workingDirectory()).run(line);
        } catch (GuardUsageException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
