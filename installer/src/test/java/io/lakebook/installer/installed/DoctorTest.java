package io.lakebook.installer.installed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.emulator.Emulator;
import io.lakebook.installer.goose.YamlDocument;
import io.lakebook.installer.profile.DatabricksCfg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakebook doctor} on a set-up that broke after a good install: each broken part gets its line with the fix,
 * and the exit status says that something is broken. One home, broken one way after the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DoctorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Emulator emulator;
    private Home home;

    @BeforeAll
    void install(@TempDir Path dir) throws Exception {
        emulator = SharedWorkspace.emulator();
        home = new Home(dir);
        Home.Run install = home.signingIn("install", "--host", emulator.host(), "--profile", "dev", "--yes");
        assertEquals(0, install.status(), install.toString());
    }

    @Test
    @Order(1)
    void namesTheFixForAnExpiredLoginAndTheFixWorks() throws Exception {
        emulator.oauth().expireAccessTokens();
        emulator.oauth().revokeRefreshTokens();

        Home.Run doctor = home.installed("doctor");

        assertEquals(1, doctor.status(), doctor.toString());
        String login = line(doctor, "login");
        assertTrue(login.startsWith("FAIL") && login.contains("cannot be renewed")
                && login.endsWith("Fix: lakebook login --profile dev"), doctor.toString());
        assertTrue(line(doctor, "cluster").startsWith("--") && line(doctor, "cluster").contains("needs the login"),
                doctor.toString());

        assertEquals(0, home.signingIn("login", "--profile", "dev").status());
        Home.Run after = home.installed("doctor");
        assertTrue(line(after, "login").startsWith("ok"), after.toString());
    }

    @Test
    @Order(2)
    void warnsOfASignInThatCannotRenewItselfAndNamesADisabledExtensionAndArgumentsThatStartNothing()
            throws Exception {
        Path cache;
        try (Stream<Path> files = Files.list(home.path(".config/databricks-sdk-java/oauth"))) {
            cache = files.findFirst().orElseThrow();
        }
        ObjectNode token = (ObjectNode) JSON.readTree(cache.toFile());
        token.remove("refreshToken");
        Files.writeString(cache, JSON.writeValueAsString(token));
        Path goose = home.path(".config/goose/config.yaml");
        String wired = Files.readString(goose);
        YamlDocument config = YamlDocument.parse(wired, "config.yaml");
        config.set(List.of("extensions", "lakebook", "enabled"), false);
        config.set(List.of("extensions", "lakebook", "args"), List.of());
        Files.writeString(goose, config.text());

        Home.Run doctor = home.installed("doctor");

        assertEquals(1, doctor.status(), doctor.toString());
        String login = line(doctor, "login");
        assertTrue(login.startsWith("warn") && login.contains("signed in as Ada Analyst")
                && login.contains("has no refresh token, so it cannot renew itself")
                && login.endsWith("Fix: lakebook login --profile dev"), doctor.toString());
        String extension = line(doctor, "Goose config");
        assertTrue(extension.startsWith("FAIL") && extension.contains("the lakebook extension is turned off "
                + "(enabled: false), so Goose does not load it. Fix: set enabled: true"), doctor.toString());
        String mcp = line(doctor, "MCP server");
        assertTrue(mcp.startsWith("FAIL") && mcp.contains("has the arguments [], which do not start lakebook's MCP "
                + "server") && !mcp.contains("Usage:"), doctor.toString());
        Files.writeString(goose, wired);
    }

    @Test
    @Order(3)
    void namesTheFixForADeletedJarATerminatedClusterAndAMalformedGooseConfig() throws Exception {
        String cluster = DatabricksCfg.read(home.path(".databrickscfg")).get("dev", "cluster_id").orElseThrow();
        emulator.clusters().start(cluster);
        org.awaitility.Awaitility.await().until(() -> emulator.clusters().isRunning(cluster));
        emulator.clusters().terminate(cluster);
        Path jar = home.path(".local/share/lakebook/lakebook.jar");
        Files.delete(jar);
        Files.writeString(home.path(".config/goose/config.yaml"), "extensions:\n  lakebook: {type: stdio\n");

        Home.Run doctor = home.lakebook("doctor");

        assertEquals(1, doctor.status(), doctor.toString());
        assertTrue(line(doctor, "cluster").startsWith("warn") && line(doctor, "cluster").contains("TERMINATED")
                && line(doctor, "cluster").contains("Fix: nothing needed, the first cell starts it"),
                doctor.toString());
        String kernel = line(doctor, "kernel spec");
        assertTrue(kernel.startsWith("FAIL") && kernel.contains("points at " + jar + ", which does not exist")
                && kernel.contains("Fix: install lakebook again from your clone"), doctor.toString());
        String goose = line(doctor, "Goose config");
        assertTrue(goose.startsWith("FAIL") && goose.contains("is not valid YAML") && goose.contains("line 3")
                && goose.contains("Fix: correct it"), doctor.toString());
        String mcp = line(doctor, "MCP server");
        assertTrue(mcp.startsWith("FAIL") && mcp.contains("points at " + jar + ", which does not exist")
                && mcp.contains("Fix: install lakebook again from your clone: cd '" + cloneFolder() + "' && ./lakebook "
                + "install"), doctor.toString());

        Home.Run launcher = home.installed("doctor");

        assertEquals(1, launcher.status(), launcher.toString());
        assertTrue(launcher.output().contains("lakebook: its installed copy " + jar) && launcher.output().contains(
                "is missing. To fix: install lakebook again from your clone: cd '" + cloneFolder() + "' && ./lakebook "
                + "install"), launcher.toString());
        assertFalse(launcher.output().contains("Unable to access jarfile"), launcher.toString());
    }

    /** The clone the test's jar was built in: {@code CLONE/installer/target/lakebook.jar}. */
    private static Path cloneFolder() {
        return SharedWorkspace.jar().getParent().getParent().getParent();
    }

    /** The one line of {@code check}; fails the test when there is none or several. */
    private static String line(Home.Run doctor, String check) {
        List<String> lines = doctor.output().lines().filter(l -> l.length() > 6
                && l.substring(6).startsWith(check + " ")).toList();
        assertEquals(1, lines.size(), check + " in:\n" + doctor);
        return Optional.of(lines.get(0)).map(String::strip).orElseThrow();
    }
}
