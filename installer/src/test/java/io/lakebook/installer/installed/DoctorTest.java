package io.lakebook.installer.installed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakebook.emulator.Emulator;
import io.lakebook.installer.profile.DatabricksCfg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
                && kernel.contains("Fix: install lakebook again from its jar"), doctor.toString());
        String goose = line(doctor, "Goose config");
        assertTrue(goose.startsWith("FAIL") && goose.contains("is not valid YAML") && goose.contains("line 3")
                && goose.contains("Fix: correct it"), doctor.toString());
        String mcp = line(doctor, "MCP server");
        assertTrue(mcp.startsWith("FAIL") && mcp.contains("Unable to access jarfile")
                && mcp.contains("Fix: install lakebook again from its jar"), doctor.toString());
        assertTrue(line(doctor, "login").startsWith("ok"), doctor.toString());
    }

    /** The one line of {@code check}; fails the test when there is none or several. */
    private static String line(Home.Run doctor, String check) {
        List<String> lines = doctor.output().lines().filter(l -> l.length() > 6
                && l.substring(6).startsWith(check + " ")).toList();
        assertEquals(1, lines.size(), check + " in:\n" + doctor);
        return Optional.of(lines.get(0)).map(String::strip).orElseThrow();
    }
}
