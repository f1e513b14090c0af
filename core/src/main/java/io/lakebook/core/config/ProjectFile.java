package io.lakebook.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.core.error.NotConfiguredException;
import io.lakebook.core.sync.SyncSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A project's own settings, in {@code .databricks/lakebook.json} in the project folder or one above it. People coming
 * from the Python kernel for Databricks keep their {@code .databricks/jupyter-databricks-kernel.json}; it is read when
 * no lakebook file is found, for its {@code cluster_id}.
 *
 * @param path      the file that was read
 * @param profile   the {@code ~/.databrickscfg} profile this project uses, if it names one
 * @param clusterId the cluster this project runs on, if it names one
 * @param cellTimeout the longest a cell may run ({@code "15m"}, see {@link CellTimeout}), if it sets one
 * @param sync      how the project's files are copied to the cluster (its {@code "sync"} object)
 */
public record ProjectFile(Path path, Optional<String> profile, Optional<String> clusterId,
                          Optional<String> cellTimeout, SyncSettings sync) {

    public static final String FILE_NAME = "lakebook.json";
    public static final String LEGACY_FILE_NAME = "jupyter-databricks-kernel.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Looks for the project file from {@code start} up to the file system root; the nearest one wins. */
    public static Optional<ProjectFile> find(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Optional<Path> file = fileIn(dir);
            if (file.isPresent()) {
                return Optional.of(read(file.get()));
            }
        }
        return Optional.empty();
    }

    /** Reads the project file of the folder {@code root} itself, if it has one; folders above are not looked at. */
    public static Optional<ProjectFile> in(Path root) {
        return fileIn(root.toAbsolutePath().normalize()).map(ProjectFile::read);
    }

    /** The project file {@code root} would have: its own, else the Python kernel's, else where lakebook's goes. */
    public static Path pathIn(Path root) {
        return fileIn(root).orElse(root.resolve(".databricks").resolve(FILE_NAME));
    }

    /** The folder that holds {@code .databricks/}: the project's root. */
    public Path projectRoot() {
        return path.getParent().getParent();
    }

    private static Optional<Path> fileIn(Path dir) {
        Path own = dir.resolve(".databricks").resolve(FILE_NAME);
        if (Files.isRegularFile(own)) {
            return Optional.of(own);
        }
        Path legacy = dir.resolve(".databricks").resolve(LEGACY_FILE_NAME);
        return Files.isRegularFile(legacy) ? Optional.of(legacy) : Optional.empty();
    }

    static ProjectFile read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new NotConfiguredException("The project file " + file + " is not valid JSON (line "
                    + e.getLocation().getLineNr() + ": " + e.getOriginalMessage() + "). Fix it, or delete it to use "
                    + "your ~/.databrickscfg profile alone.");
        } catch (IOException e) {
            throw new NotConfiguredException("The project file " + file + " cannot be read (" + e.getMessage()
                    + "). Check its permissions.", e);
        }
        if (root == null || !root.isObject()) {
            throw new NotConfiguredException("The project file " + file + " must hold a JSON object such as "
                    + "{\"cluster_id\": \"0123-456789-abcdefgh\"}.");
        }
        return new ProjectFile(file, text(root, "profile", file), text(root, "cluster_id", file),
                text(root, "cell_timeout", file), SyncSettings.parse(root.get("sync"), file));
    }

    private static Optional<String> text(JsonNode root, String key, Path file) {
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new NotConfiguredException("In the project file " + file + ", \"" + key
                    + "\" must be a non-empty string.");
        }
        return Optional.of(value.asText().trim());
    }
}
