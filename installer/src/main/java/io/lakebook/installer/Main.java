package io.lakebook.installer;

import io.lakebook.core.Lakebook;
import io.lakebook.core.Logs;
import io.lakebook.core.config.UserHome;
import io.lakebook.core.error.LakebookException;
import io.lakebook.installer.command.Command;
import io.lakebook.installer.command.Console;
import io.lakebook.installer.command.DemoCommand;
import io.lakebook.installer.command.DevContainerCommand;
import io.lakebook.installer.command.DoctorCommand;
import io.lakebook.installer.command.EmulatorCommand;
import io.lakebook.installer.command.GuardCommand;
import io.lakebook.installer.command.InstallCommand;
import io.lakebook.installer.command.KernelCommand;
import io.lakebook.installer.command.LoginCommand;
import io.lakebook.installer.command.McpCommand;
import io.lakebook.installer.command.ModelCommand;
import io.lakebook.installer.command.RunCommand;
import io.lakebook.installer.command.SelftestCommand;
import io.lakebook.installer.command.UninstallCommand;
import io.lakebook.installer.startup.Warmup;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.ParseException;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The {@code lakebook} command. */
public final class Main {

    static final int USAGE = 2;
    private static final List<String> QUIET_COMMANDS = List.of("run", "install", "login", "selftest", "doctor",
            "model", "uninstall");

    private static final List<Command> COMMANDS = List.of(new DemoCommand(), new RunCommand(), new KernelCommand(),
            new McpCommand(), new InstallCommand(), new LoginCommand(), new DoctorCommand(), new ModelCommand(),
            new UninstallCommand(), new DevContainerCommand(), new EmulatorCommand(), new SelftestCommand(),
            new GuardCommand());

    private Main() {
    }

    public static void main(String[] args) {
        // Before any Databricks SDK class runs: its token cache follows user.home, lakebook's files follow HOME.
        UserHome.adoptForJvm();
        Logs.keepSecretsOut();
        Warmup.inBackground();
        // Must happen before the first logger exists: slf4j-simple reads its levels once.
        String level = System.getenv("LAKEBOOK_LOG_LEVEL");
        if (level != null && !level.isBlank()) {
            System.setProperty("org.slf4j.simpleLogger.log.io.lakebook", level.strip().toLowerCase(Locale.ROOT));
        } else if (args.length > 0 && QUIET_COMMANDS.contains(args[0])) {
            // Commands that print their own progress keep lifecycle lines out of the user's terminal.
            System.setProperty("org.slf4j.simpleLogger.log.io.lakebook", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.com.databricks", "warn");
        } else if (args.length > 0 && args[0].equals("guard")) {
            // The guard logs its decisions; a line for each of the many statements it sends would bury them.
            System.setProperty("org.slf4j.simpleLogger.log.io.lakebook.core.sql", "warn");
        } else if (args.length > 0 && args[0].equals("demo")) {
            // The demo shows the emulated cluster starting; lakebook's own many short commands would drown it.
            System.setProperty("org.slf4j.simpleLogger.log.io.lakebook", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.io.lakebook.emulator.clusters", "info");
        }
        if (args.length > 0 && List.of("doctor", "install", "model").contains(args[0])) {
            // These report a login that cannot be renewed in their own words; the SDK would also log it as an error.
            System.setProperty("org.slf4j.simpleLogger.log.com.databricks.sdk.core.oauth.TokenEndpointClient", "off");
        }
        if (args.length > 0 && args[0].equals("selftest")) {
            // The OAuth check sends a refresh token on purpose that the workspace must refuse; the SDK logs each
            // refusal as an error, which here is the expected answer, reported by the check itself.
            System.setProperty("org.slf4j.simpleLogger.log.com.databricks.sdk.core.oauth.TokenEndpointClient", "off");
        }
        System.exit(run(args, Console.system()));
    }

    /** Runs one sub-command and returns its exit status: 0 done, 1 failed, 2 wrong usage. */
    public static int run(String[] args, Console console) {
        if (args.length == 0 || List.of("help", "-h", "--help").contains(args[0])) {
            usage(console);
            return args.length == 0 ? USAGE : 0;
        }
        if (List.of("--version", "version").contains(args[0])) {
            console.out().println("lakebook " + Lakebook.VERSION);
            return 0;
        }
        Optional<Command> command = find(args[0]);
        if (command.isEmpty()) {
            console.err().println("lakebook: unknown command '" + args[0] + "'. Run `lakebook help` for the list.");
            return USAGE;
        }
        return run(command.get(), Arrays.copyOfRange(args, 1, args.length), console);
    }

    /** A loop rather than a stream: the kernel's start should not wait here for the JDK's lambda machinery. */
    private static Optional<Command> find(String name) {
        for (Command command : COMMANDS) {
            if (command.name().equals(name)) {
                return Optional.of(command);
            }
        }
        return Optional.empty();
    }

    private static int run(Command command, String[] args, Console console) {
        CommandLine line;
        try {
            line = new DefaultParser().parse(command.options(), args);
        } catch (ParseException e) {
            console.err().println("lakebook " + command.name() + ": " + e.getMessage());
            commandUsage(command, console);
            return USAGE;
        }
        if (line.hasOption("help")) {
            commandUsage(command, console);
            return 0;
        }
        try {
            return command.run(line, console);
        } catch (UsageException e) {
            console.err().println("lakebook " + command.name() + ": " + e.getMessage());
            commandUsage(command, console);
            return USAGE;
        } catch (LakebookException e) {
            console.err().println("lakebook " + command.name() + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            console.err().println("lakebook " + command.name() + ": interrupted");
            return 130;
        } catch (Exception e) {
            console.err().println("lakebook " + command.name() + ": " + e);
            return 1;
        }
    }

    private static void usage(Console console) {
        console.out().println("lakebook " + Lakebook.VERSION + ": Databricks notebooks from your laptop.\n");
        console.out().println("Usage: lakebook COMMAND [OPTIONS]\n\nCommands:");
        for (Command command : COMMANDS) {
            console.out().printf("  %-13s %s%n", command.name(), command.summary());
        }
        console.out().println("\nRun `lakebook COMMAND --help` for a command's options.");
    }

    private static void commandUsage(Command command, Console console) {
        PrintWriter writer = new PrintWriter(console.err(), true);
        new HelpFormatter().printHelp(writer, 100, "lakebook " + command.name() + " " + command.synopsis(),
                command.summary(), command.options(), 2, 2, "", false);
        writer.flush();
    }
}
