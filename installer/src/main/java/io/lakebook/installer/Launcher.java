package io.lakebook.installer;

import io.lakebook.installer.startup.ClassArchive;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command that starts this same lakebook again, with absolute paths, for kernel specs and child processes. */
public final class Launcher {

    /** JVM options for short-lived, mostly waiting processes: quick start-up and a small heap. */
    public static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
            "-XX:MaxRAMPercentage=25");

    private Launcher() {
    }

    /**
     * {@code [/abs/java, options…, -jar, /abs/lakebook.jar]}, with lakebook's class-data archive when the jar has a
     * current one ({@link ClassArchive}); or a class path launch when not run from the jar.
     */
    public static List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(JVM_OPTIONS);
        Path location = codeLocation();
        if (location.toString().endsWith(".jar")) {
            command.addAll(ClassArchive.jvmOptions(location));
            command.add("-jar");
            command.add(location.toString());
        } else {
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(Main.class.getName());
        }
        return command;
    }

    /** The command an agent starts {@code lakebook mcp} with: {@link #command()} and the sub-command. */
    public static List<String> mcpCommand() {
        List<String> command = command();
        command.add("mcp");
        return command;
    }

    /** {@code Launcher mcp}: prints {@link #mcpCommand()} as a JSON array, for tools that configure an agent. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !args[0].equals("mcp")) {
            System.err.println("usage: Launcher mcp");
            System.exit(2);
        }
        System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(mcpCommand()));
    }

    public static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public static Path codeLocation() {
        try {
            return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate lakebook's own code", e);
        }
    }
}
