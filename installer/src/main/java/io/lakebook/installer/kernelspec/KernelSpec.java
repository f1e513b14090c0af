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
        return new Installed(file, UserFiles.write(file, content));
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
