package io.lakebook.installer.devcontainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lakebook.core.files.UserFiles;
import io.lakebook.core.error.LakebookException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Dev Container lakebook writes into a project: Debian with Java 17, the classic Jupyter Notebook, Goose and
 * lakebook itself, the profile set up when the container is created, and the OAuth sign-in when the user first
 * attaches, with the sign-in callback ports forwarded to the user's browser. Lifecycle steps follow the Dev Container
 * spec (containers.dev/implementors/json_reference, lifecycle scripts): {@code postCreateCommand} does the per-user
 * set-up once, {@code postAttachCommand} runs in a terminal the user sees, so the sign-in URL is visible there.
 */
public final class DevContainer {
    /** databricks-sdk-java's default OAuth redirect is {@code http://localhost:8080/callback}. */
    public static final int SDK_CALLBACK_PORT = 8080;
    /** The Databricks CLI's OAuth callback, registered for its public client (gateway-budgets.md §3.1). */
    public static final int CLI_CALLBACK_PORT = 8020;
    static final String DIR = ".devcontainer";
    static final String JAR = "lakebook/lakebook.jar";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String host;
    private final String profile;

    /**
     * @param host    the workspace URL the container signs in to
     * @param profile the profile name it writes in the container's {@code ~/.databrickscfg}
     */
    public DevContainer(String host, String profile) {
        this.host = host;
        this.profile = profile;
    }

    /** What was done to each file. */
    public record Written(Path file, Outcome outcome, Optional<Path> backup) {
    }

    public enum Outcome { CREATED, UNCHANGED, REPLACED }

    /**
     * Writes the container's files under {@code project/.devcontainer}, with a copy of {@code jar} for the set-up to
     * install. A file that exists with other content is left alone unless {@code replace} is set; then it is backed
     * up once ({@code .lakebook-backup}) and replaced atomically.
     *
     * @throws LakebookException naming the files that differ when {@code replace} is not set; nothing is written then
     */
    public List<Written> write(Path project, Path jar, boolean replace) throws IOException {
        Path dir = project.resolve(DIR);
        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(dir.resolve("devcontainer.json"), config().getBytes(StandardCharsets.UTF_8));
        files.put(dir.resolve("lakebook-setup.sh"), Scripts.setup(host, profile).getBytes(StandardCharsets.UTF_8));
        files.put(dir.resolve("lakebook-login.sh"), Scripts.login(host, profile).getBytes(StandardCharsets.UTF_8));
        files.put(dir.resolve("lakebook/.gitignore"), Scripts.IGNORE_JAR.getBytes(StandardCharsets.UTF_8));
        refuseToClobber(files, replace);
        List<Written> written = new ArrayList<>();
        for (Map.Entry<Path, byte[]> file : files.entrySet()) {
            written.add(write(file.getKey(), file.getValue()));
        }
        written.add(write(dir.resolve(JAR), Files.readAllBytes(jar)));
        return written;
    }

    /**
     * The {@code devcontainer.json} text. Every map is ordered, so that the same arguments give the same bytes in
     * every run (an unordered map's order changes from one JVM to the next, and a second run would see a
     * different file). Goose's own sign-in listens on a loopback port the system picks each time
     * (goose-and-mcp.md §1.5), which no fixed entry can name: VS Code forwards it when Goose opens it.
     */
    String config() throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", "lakebook: Databricks notebooks and Goose");
        // Java 17 on Debian 12, whose packages give the classic Notebook (jupyter-notebook).
        config.put("image", "mcr.microsoft.com/devcontainers/java:17-bookworm");
        config.put("containerEnv", ordered("DATABRICKS_CONFIG_PROFILE", profile));
        config.put("forwardPorts", List.of(CLI_CALLBACK_PORT, SDK_CALLBACK_PORT, 8888));
        config.put("portsAttributes", ordered(
                String.valueOf(CLI_CALLBACK_PORT), ordered("label", "Databricks sign-in (CLI)", "onAutoForward",
                        "silent"),
                String.valueOf(SDK_CALLBACK_PORT), ordered("label", "Databricks sign-in", "onAutoForward", "silent"),
                "8888", ordered("label", "Jupyter Notebook", "onAutoForward", "notify")));
        config.put("postCreateCommand", "bash .devcontainer/lakebook-setup.sh");
        config.put("postAttachCommand", "bash .devcontainer/lakebook-login.sh");
        config.put("customizations", ordered("vscode", ordered("extensions", List.of("ms-toolsai.jupyter"))));
        return JSON.writeValueAsString(config) + "\n";
    }

    /** A map that keeps the order its keys are given in: {@code ordered(k1, v1, k2, v2, ...)}. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static void refuseToClobber(Map<Path, byte[]> files, boolean replace) throws IOException {
        List<String> different = new ArrayList<>();
        for (Map.Entry<Path, byte[]> file : files.entrySet()) {
            if (Files.exists(file.getKey()) && !Arrays.equals(Files.readAllBytes(file.getKey()),
                    file.getValue())) {
                different.add(file.getKey().toString());
            }
        }
        if (!different.isEmpty() && !replace) {
            throw new LakebookException("This project already has a Dev Container that lakebook did not write: "
                    + String.join(", ", different) + ". Nothing was changed. Run again with --force to replace "
                    + "(each file is kept as .lakebook-backup first), or choose another folder.");
        }
    }

    private static Written write(Path file, byte[] content) throws IOException {
        boolean existed = Files.exists(file);
        boolean same = existed && Arrays.equals(Files.readAllBytes(file), content);
        Optional<Path> backup = same ? Optional.empty() : UserFiles.write(file, content);
        // These files go into the project's repository (the jar aside, which git ignores) and hold no secret:
        // readable by all, as git checks them out; the scripts executable. A file an older run left private is
        // opened up too.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(file.toString().endsWith(".sh")
                ? "rwxr-xr-x" : "rw-r--r--"));
        return new Written(file, same ? Outcome.UNCHANGED : existed ? Outcome.REPLACED : Outcome.CREATED, backup);
    }
}
