package io.lakebook.bench;

import io.lakebook.bench.process.Processes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** The machine and the versions of everything measured, as the report's first table shows them. */
public final class Machine {
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(30);
    private static final List<String> PYTHON_PACKAGES = List.of("jupyter_client", "ipykernel", "nbclient",
            "nbformat", "zmq");

    private final Map<String, String> facts = new LinkedHashMap<>();
    private final Map<String, String> versions = new LinkedHashMap<>();

    private Machine() {
    }

    static Machine probe(Path python, Path nodeDir, Path root) {
        Machine machine = new Machine();
        String commit = command(List.of("git", "-C", root.toString(), "rev-parse", "--short", "HEAD"));
        boolean changed = output(List.of("git", "-C", root.toString(), "status", "--porcelain",
                "--untracked-files=no")).map(text -> !text.isBlank()).orElse(false);
        machine.facts.put("lakebook", "commit " + commit + (changed ? ", with changes not committed" : ""));
        machine.facts.put("CPU", cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        machine.facts.put("memory", meminfo("MemTotal") + " total, " + meminfo("MemAvailable") + " available at the "
                + "start");
        machine.facts.put("load average at the start", read(Path.of("/proc/loadavg")).map(text -> String.join(" ",
                List.of(text.split(" ")).subList(0, 3))).orElse("unknown"));
        machine.facts.put("operating system", osRelease() + ", Linux " + command(List.of("uname", "-r")));
        machine.facts.put("Java", System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version"));
        machine.facts.put("Python", command(List.of(python.toString(), "--version")) + " (" + python + ")");
        machine.facts.put("Node.js", command(List.of("node", "--version")));
        for (String module : PYTHON_PACKAGES) {
            machine.versions.put(module.equals("zmq") ? "pyzmq" : module, command(List.of(python.toString(), "-c",
                    "import " + module + "; print(" + module + ".__version__)")));
        }
        machine.versions.put("@modelcontextprotocol/sdk", npmVersion(nodeDir, "@modelcontextprotocol/sdk"));
        machine.versions.put("databricks-sdk-java", mavenVersion("com.databricks", "databricks-sdk-java"));
        machine.versions.put("jeromq", mavenVersion("org.zeromq", "jeromq"));
        machine.versions.put("jackson-databind", mavenVersion("com.fasterxml.jackson.core", "jackson-databind"));
        machine.versions.put("JMH", mavenVersion("org.openjdk.jmh", "jmh-core"));
        return machine;
    }

    public Map<String, String> facts() {
        return facts;
    }

    public Map<String, String> versions() {
        return versions;
    }

    /** The version of a measured program or library, as {@link #versions()} names it. */
    public String version(String name) {
        return versions.getOrDefault(name, "unknown");
    }

    private static String cpu() {
        return read(Path.of("/proc/cpuinfo")).flatMap(text -> text.lines().filter(l -> l.startsWith("model name"))
                .findFirst()).map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse("unknown CPU");
    }

    private static String meminfo(String key) {
        return read(Path.of("/proc/meminfo")).flatMap(text -> text.lines().filter(l -> l.startsWith(key + ":"))
                .findFirst()).map(line -> String.format(java.util.Locale.ROOT, "%.1f GB",
                Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0)).orElse("unknown");
    }

    private static String osRelease() {
        return read(Path.of("/etc/os-release")).flatMap(text -> text.lines().filter(l -> l.startsWith("PRETTY_NAME="))
                .findFirst()).map(line -> line.substring(line.indexOf('=') + 1).replace("\"", "")).orElse("unknown");
    }

    private static String npmVersion(Path nodeDir, String name) {
        Path manifest = nodeDir.resolve("node_modules").resolve(name).resolve("package.json");
        return read(manifest).map(text -> text.replaceAll("(?s).*?\"version\"\\s*:\\s*\"([^\"]+)\".*", "$1"))
                .orElse("not installed");
    }

    private static String mavenVersion(String group, String artifact) {
        String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Machine.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The first line a command printed, or {@code unavailable}. */
    private static String command(List<String> command) {
        return output(command).map(String::strip).filter(text -> !text.isEmpty())
                .map(text -> text.lines().findFirst().orElse(text)).orElse("unavailable");
    }

    /** What a command printed on both streams, when it succeeded. */
    private static Optional<String> output(List<String> command) {
        try {
            Processes.Result result = Processes.run(command, Path.of("").toAbsolutePath(), Map.of(), PROBE_LIMIT);
            return result.exitCode() == 0 ? Optional.of(result.stdout() + result.stderr()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
