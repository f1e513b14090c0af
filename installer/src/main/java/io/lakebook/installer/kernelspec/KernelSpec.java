package io.lakebook.installer.kernelspec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.core.files.UserFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code databricks} kernel spec. The name is the one the Python kernel for Databricks uses, so notebooks saved
 * with it open with lakebook's kernel.
 */
public final class KernelSpec {

    public static final String NAME = "databricks";
    public static final String DISPLAY_NAME = "Databricks";
    /** The hidden folder beside a replaced spec's {@code kernel.json} that keeps its other files. */
    public static final String ASIDE = ".lakebook-backup";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Where the spec was written, and the backup of an earlier spec when this install made one. */
    public record Installed(Path file, Optional<Path> backup) {
    }

    private KernelSpec() {
    }

    /**
     * Writes {@code DATA_DIR/kernels/databricks/kernel.json} so the kernel is started with {@code launcher} (the
     * command that runs lakebook: absolute paths to java and the jar). Keys lakebook does not own in an existing
     * spec, such as {@code env}, are kept; the original file is backed up before the first change, and a spec that
     * is already right is not touched.
     *
     * @return the kernel spec file written, and the copy kept of the one it replaced
     */
    public static Installed install(Path dataDir, List<String> launcher) throws IOException {
        Path file = file(dataDir);
        byte[] content = render(file, launcher, Map.of());
        if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), content)) {
            return new Installed(file, Optional.empty());
        }
        boolean created = !Files.exists(file);
        Optional<Path> backup = UserFiles.write(file, content);
        if (created) {
            readableByAll(file);
        }
        return new Installed(file, backup);
    }

    /** Whether the spec in {@code file} was written by lakebook (it carries {@code metadata.lakebook}). */
    public static boolean isLakebooks(Path file) throws IOException {
        return existing(file).map(spec -> spec.path("metadata").has("lakebook")).orElse(false);
    }

    /** A short description of the spec in {@code file} for a question: its display name and what it runs. */
    public static String describe(Path file) throws IOException {
        Optional<ObjectNode> spec = existing(file);
        String name = spec.map(s -> s.path("display_name").asText("")).filter(n -> !n.isBlank()).orElse("no name");
        List<String> argv = argv(file);
        return "\"" + name + "\"" + (argv.isEmpty() ? "" : ", which runs " + String.join(" ", argv.subList(0,
                Math.min(3, argv.size()))) + (argv.size() > 3 ? " ..." : ""));
    }

    /**
     * Moves the files beside {@code file} that belong to the spec being replaced (logos, {@code kernel.js}) into a
     * hidden folder beside it, where Jupyter does not look, so that they do not show up as lakebook's.
     *
     * @return each file moved, as {@code [where it was, where it is now]}
     */
    public static List<List<String>> moveAsideOtherFiles(Path file) throws IOException {
        Path dir = file.getParent();
        Path aside = dir.resolve(ASIDE);
        List<List<String>> moved = new java.util.ArrayList<>();
        try (var entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.equals(file.getFileName().toString()) || name.startsWith(file.getFileName() + ".")
                        || name.equals(ASIDE) || name.startsWith(".")) {
                    continue;
                }
                Files.createDirectories(aside);
                Path target = aside.resolve(name);
                Files.move(entry, target);
                moved.add(List.of(entry.toString(), target.toString()));
            }
        }
        return moved;
    }

    /** {@code rw-r--r--}: a spec holds no secret, and one in a shared place must be readable by every user. */
    static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the platform's defaults apply.
        }
    }

    /** The spec file of the {@code databricks} kernel under a Jupyter data directory. */
    public static Path file(Path dataDir) {
        return dataDir.resolve("kernels").resolve(NAME).resolve("kernel.json");
    }

    /**
     * The content {@code file} should have: the existing spec with lakebook's keys set, and {@code env} added to its
     * environment (other variables in it stay).
     */
    public static byte[] render(Path file, List<String> launcher, Map<String, String> env) throws IOException {
        ObjectNode spec = existing(file).orElseGet(JSON::createObjectNode);
        spec.set("argv", JSON.valueToTree(argv(launcher)));
        spec.put("display_name", DISPLAY_NAME);
        spec.put("language", "python");
        // Interrupts arrive as interrupt_request messages: a JVM ignores the SIGINT Jupyter would send otherwise.
        spec.put("interrupt_mode", "message");
        if (!env.isEmpty()) {
            ObjectNode environment = spec.has("env") && spec.get("env").isObject() ? (ObjectNode) spec.get("env")
                    : spec.putObject("env");
            env.forEach(environment::put);
        }
        ObjectNode metadata = spec.has("metadata") && spec.get("metadata").isObject()
                ? (ObjectNode) spec.get("metadata") : spec.putObject("metadata");
        metadata.putObject("lakebook").put("installer", "lakebook install --kernel");
        return (JSON.writeValueAsString(spec) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The {@code argv} of an existing spec, for checking where it points; empty when unreadable. */
    public static List<String> argv(Path file) throws IOException {
        return existing(file).map(spec -> {
            List<String> argv = new java.util.ArrayList<>();
            spec.path("argv").forEach(word -> argv.add(word.asText()));
            return argv;
        }).orElse(List.of());
    }

    /** The {@code env} of an existing spec; empty when it has none or is unreadable. */
    public static Map<String, String> env(Path file) throws IOException {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        existing(file).ifPresent(spec -> spec.path("env").fields().forEachRemaining(field -> env.put(field.getKey(),
                field.getValue().asText())));
        return env;
    }

    private static List<String> argv(List<String> launcher) {
        List<String> argv = new java.util.ArrayList<>(launcher);
        argv.addAll(List.of("kernel", "-f", "{connection_file}"));
        return argv;
    }

    private static Optional<ObjectNode> existing(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            return node != null && node.isObject() ? Optional.of((ObjectNode) node) : Optional.empty();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // An unreadable spec is replaced; the backup written before the change keeps it.
            return Optional.empty();
        }
    }
}
