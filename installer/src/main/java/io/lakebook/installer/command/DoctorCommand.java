package io.lakebook.installer.command;

import io.lakebook.installer.doctor.Doctor;
import io.lakebook.installer.setup.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code lakebook doctor}: one line per part of the set-up, ok or the fix; exit status 1 when something is broken. */
public final class DoctorCommand implements Command {

    @Override
    public String name() {
        return "doctor";
    }

    @Override
    public String synopsis() {
        return "[--profile NAME] [--goose-config FILE] [--jupyter-dir DIR]";
    }

    @Override
    public String summary() {
        return "Check the set-up (Java, profile, sign-in, cluster, warehouse, kernel, Goose, MCP) and say the fixes.";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("profile").hasArg().argName("NAME")
                        .desc("the profile to check (default: the one lakebook install set up)").get())
                .addOption(Option.builder().longOpt("goose-config").hasArg().argName("FILE")
                        .desc("Goose's config.yaml (default: the one lakebook install wired)").get())
                .addOption(Option.builder().longOpt("jupyter-dir").hasArg().argName("DIR")
                        .desc("the Jupyter data directory with the kernel spec (default: the one installed)").get())
                .addOption("h", "help", false, "show this help");
    }

    @Override
    public int run(CommandLine line, Console console) {
        Target target = Target.resolve(console, Optional.ofNullable(line.getOptionValue("profile")),
                Optional.ofNullable(line.getOptionValue("goose-config")).map(f -> path(console, f)),
                Optional.ofNullable(line.getOptionValue("jupyter-dir")).map(d -> path(console, d)));
        List<Doctor.Result> results = new Doctor(target, console).run();
        boolean broken = Doctor.broken(results);
        console.out().println(broken ? "Something is broken: follow the Fix above, then run lakebook doctor again."
                : "All set.");
        return broken ? 1 : 0;
    }

    private static Path path(Console console, String file) {
        return console.workingDirectory().resolve(file).toAbsolutePath().normalize();
    }
}
