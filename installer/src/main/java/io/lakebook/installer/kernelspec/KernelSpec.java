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
     * spec, such as {@code env}, are kept; the original file is backed up before the first change.
     *
     * @return the kernel spec file written, and the copy kept of the one it replaced
     */
    public static Installed install(Path dataDir, List<String> launcher) throws IOException {
        Path file = dataDir.resolve("kernels").resolve(NAME).resolve("kernel.json");
        ObjectNode spec = existing(file).orElseGet(JSON::createObjectNode);
        spec.set("argv", JSON.valueToTree(argv(launcher)));
        spec.put("display_name", DISPLAY_NAME);
        spec.put("language", "python");
        // Interrupts arrive as interrupt_request messages: a JVM ignores the SIGINT Jupyter would send otherwise.
        spec.put("interrupt_mode", "message");
        ObjectNode metadata = spec.has("metadata") && spec.get("metadata").isObject()
                ? (ObjectNode) spec.get("metadata") : spec.putObject("metadata");
        metadata.putObject("lakebook").put("installer", "lakebook install --kernel");
        Optional<Path> backup = UserFiles.write(file, (JSON.writeValueAsString(spec) + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new Installed(file, backup);
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
