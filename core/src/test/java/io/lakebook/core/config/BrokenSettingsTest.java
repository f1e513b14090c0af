package io.lakebook.core.config;

import io.lakebook.core.error.NotConfiguredException;
import io.lakebook.emulator.faults.Trials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Settings that are broken: a {@code ~/.databrickscfg} line the Databricks SDK skips without a word, a profile that
 * is not there, a project file that cannot be read. Each message names the file, the line where there is one, and
 * the fix; none quotes a value, which may be a token.
 */
class BrokenSettingsTest {

    @TempDir
    Path home;

    private Path config(String text) throws IOException {
        Path file = home.resolve("databrickscfg");
        Files.writeString(file, text);
        return file;
    }

    private Map<String, String> env(Path config) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABRICKS_CONFIG_FILE", config.toString());
        return env;
    }

    private NotConfiguredException refused(Path config) {
        return assertThrows(NotConfiguredException.class, () -> Settings.load(home, env(config)));
    }

    @Test
    void aLineWithoutAnEqualsSignIsNamedByFileAndLineWithoutQuotingItsValue() throws IOException {
        Path config = config("[DEFAULT]\nhost http://127.0.0.1:1\ntoken = dapi-secret-value\ncluster_id = c\n");

        NotConfiguredException e = refused(config);

        assertTrue(e.getMessage().contains("Line 2 of " + config + " is neither a [profile] header nor a `key = "
                + "value` setting ('host …')"), e.getMessage());
        assertFalse(e.getMessage().contains("127.0.0.1:1"), "values are not quoted");
        Trials.record("settings", "~/.databrickscfg: a line without '='", 1, "the message names the file and line 2 "
                + "and how to write it", "nothing");
    }

    @Test
    void aTokenOnABrokenLineNeverReachesTheMessage() throws IOException {
        Path config = config("[DEFAULT]\ntoken dapi-secret-value\n");

        NotConfiguredException e = refused(config);

        assertTrue(e.getMessage().contains("Line 2 of " + config), e.getMessage());
        assertFalse(e.getMessage().contains("dapi-secret-value"), e.getMessage());
    }

    @Test
    void anUnclosedProfileHeaderIsNamed() throws IOException {
        Path config = config("[DEFAULT\nhost = http://127.0.0.1:1\n");

        NotConfiguredException e = refused(config);

        assertTrue(e.getMessage().contains("Line 1 of " + config + " opens a profile name and does not close it: "
                + "'[DEFAULT'"), e.getMessage());
        Trials.record("settings", "~/.databrickscfg: an unclosed [profile header", 1, "the message names the file "
                + "and line 1", "nothing");
    }

    @Test
    void settingsBeforeAnyProfileAreNamed() throws IOException {
        Path config = config("host = http://127.0.0.1:1\ntoken = dapi-secret-value\n");

        NotConfiguredException e = refused(config);

        assertTrue(e.getMessage().contains("Line 1 of " + config + " sets 'host' before any [profile] header"),
                e.getMessage());
        assertFalse(e.getMessage().contains("dapi-secret-value"), e.getMessage());
    }

    @Test
    void anUnknownProfileNamesWhoAskedForItAndTheProfilesThereAre() throws IOException {
        Path config = config("[DEFAULT]\nhost = http://127.0.0.1:1\ntoken = a\n\n[dev]\nhost = http://127.0.0.1:2\n");
        Map<String, String> env = env(config);
        env.put("DATABRICKS_CONFIG_PROFILE", "nope");

        NotConfiguredException e = assertThrows(NotConfiguredException.class, () -> Settings.load(home, env));

        assertTrue(e.getMessage().startsWith("Profile [nope], named by DATABRICKS_CONFIG_PROFILE, is not in " + config
                + "; the profiles in " + config + " are [DEFAULT], [dev]."), e.getMessage());
        assertTrue(e.getMessage().contains("`lakebook login --profile nope --host https://<your-workspace>`"),
                e.getMessage());
        Trials.record("settings", "an unknown profile named by DATABRICKS_CONFIG_PROFILE", 1, "the message names the "
                + "variable, the file, the profiles there are and how to add it", "nothing");
    }

    @Test
    void anUnknownProfileNamedByTheProjectFileSaysSo() throws IOException {
        Path config = config("[DEFAULT]\nhost = http://127.0.0.1:1\ntoken = a\n");
        Path root = Files.createDirectories(home.resolve("project/.databricks")).getParent();
        Files.writeString(root.resolve(".databricks/lakebook.json"), "{\"profile\": \"staging\"}");

        NotConfiguredException e = assertThrows(NotConfiguredException.class, () -> Settings.load(root, env(config)));

        assertTrue(e.getMessage().startsWith("Profile [staging], named by \"profile\" in "
                + root.resolve(".databricks/lakebook.json")), e.getMessage());
    }

    /**
     * A project file lakebook cannot read. Without root, its permissions say so; root reads any file, so there the
     * file is a link to one that no one can read from the start ({@code /proc/self/mem}, whose first page is not
     * mapped and answers an I/O error).
     */
    @Test
    void anUnreadableProjectFileIsNamed() throws IOException {
        Path config = config("[DEFAULT]\nhost = http://127.0.0.1:1\ntoken = a\ncluster_id = c\n");
        Path dotDatabricks = Files.createDirectories(home.resolve("unreadable/.databricks"));
        Path file = dotDatabricks.resolve("lakebook.json");
        Files.writeString(file, "{\"cluster_id\": \"c\"}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        String how = "permissions 000";
        if (Files.isReadable(file)) {
            Files.delete(file);
            Files.createSymbolicLink(file, Path.of("/proc/self/mem"));
            how = "a link to a file whose read fails (run as root)";
        }

        NotConfiguredException e = assertThrows(NotConfiguredException.class,
                () -> Settings.load(dotDatabricks.getParent(), env(config)));

        assertTrue(e.getMessage().startsWith("The project file " + file + " cannot be read"), e.getMessage());
        Trials.record("settings", "an unreadable project file (" + how + ")", 1, "the message names the file and "
                + "says to check its permissions", "nothing");
    }

    @Test
    void aProjectFileThatIsNotJsonIsNamedWithItsLine() throws IOException {
        Path config = config("[DEFAULT]\nhost = http://127.0.0.1:1\ntoken = a\n");
        Path root = Files.createDirectories(home.resolve("broken/.databricks")).getParent();
        Files.writeString(root.resolve(".databricks/lakebook.json"), "{\n  \"cluster_id\": \"c\",\n  oops\n}");

        NotConfiguredException e = assertThrows(NotConfiguredException.class, () -> Settings.load(root, env(config)));

        assertTrue(e.getMessage().contains(root.resolve(".databricks/lakebook.json") + " is not valid JSON (line 3"),
                e.getMessage());
        Trials.record("settings", "a project file that is not JSON", 1, "the message names the file and line 3",
                "nothing");
    }
}
