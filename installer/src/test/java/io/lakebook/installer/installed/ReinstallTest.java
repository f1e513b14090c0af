package io.lakebook.installer.installed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.emulator.Emulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Installs that moved: two installs into different Jupyter places and Goose configurations, a run again without
 * those flags, then uninstall; and an install whose profile lives where {@code DATABRICKS_CONFIG_FILE} says, which the
 * kernel and Goose, started without that variable, must still find.
 */
class ReinstallTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static List<String> install(Emulator emulator, String... more) {
        List<String> args = new ArrayList<>(List.of("install", "--host", emulator.host(), "--profile", "dev",
                "--no-login", "--cluster-id", emulator.defaultClusterId(), "--warehouse-id",
                emulator.defaultWarehouseId(), "--model", "databricks-gpt-oss-120b"));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void uninstallTakesBackEveryPlaceTwoInstallsWroteAndARunAgainKeepsTheLastPlaces() throws Exception {
        Emulator emulator = SharedWorkspace.emulator();
        Home home = new Home(dir);
        Home.Run first = home.run(home.jarCommand(install(emulator, "--jupyter-dir", "j1", "--goose-config",
                "g1/config.yaml").toArray(String[]::new)), Map.of());
        Home.Run second = home.run(home.jarCommand(install(emulator, "--jupyter-dir", "j2", "--goose-config",
                "g2/config.yaml").toArray(String[]::new)), Map.of());
        assertEquals(0, first.status(), first.toString());
        assertEquals(0, second.status(), second.toString());
        Map<String, String> before = home.snapshot();

        Home.Run again = home.installed("install", "--no-login");

        assertEquals(0, again.status(), again.toString());
        assertTrue(again.output().contains("kernel: \"Databricks\" in " + home.path("j2/kernels/databricks/kernel.json")
                + " (unchanged)") && again.output().contains("Goose: " + home.path("g2/config.yaml")),
                again.toString());
        assertTrue(again.output().contains("model databricks-gpt-oss-120b"), again.toString());
        assertEquals(before, home.snapshot(), "the run again changes no byte");

        Home.Run uninstall = home.installed("uninstall");

        assertEquals(0, uninstall.status(), uninstall.toString());
        try (Stream<Path> left = Files.walk(dir)) {
            assertEquals(List.of(), left.filter(path -> !path.equals(dir)).map(dir::relativize).map(Path::toString)
                    .filter(path -> !path.startsWith(".jupyter")).toList(), uninstall.toString());
        }
    }

    @Test
    void aProfileFileNamedByDatabricksConfigFileReachesTheKernelAndGooseAndDoctorChecksIt() throws Exception {
        Emulator emulator = SharedWorkspace.emulator();
        Home home = new Home(dir);
        Path profiles = home.path("work/databrickscfg");
        Map<String, String> env = Map.of("DATABRICKS_CONFIG_FILE", profiles.toString());

        Home.Run install = home.run(home.jarCommand(install(emulator).toArray(String[]::new)), env);

        assertEquals(0, install.status(), install.toString());
        assertTrue(Files.readString(profiles).contains("[dev]"), "the profile went where the variable says");
        Path kernel = home.jupyterData().resolve("kernels/databricks/kernel.json");
        ObjectNode spec = (ObjectNode) JSON.readTree(kernel.toFile());
        assertEquals(profiles.toString(), spec.path("env").path("DATABRICKS_CONFIG_FILE").asText());
        Map<?, ?> goose = (Map<?, ?>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(home.path(".config/goose/config.yaml")));
        Map<?, ?> extension = (Map<?, ?>) ((Map<?, ?>) goose.get("extensions")).get("lakebook");
        assertEquals(Map.of("LAKEBOOK_PROFILE", "dev", "DATABRICKS_CONFIG_FILE", profiles.toString()),
                extension.get("envs"));
        assertTrue(line(home.installed("doctor"), "kernel spec").startsWith("ok"));

        ((ObjectNode) spec.get("env")).remove("DATABRICKS_CONFIG_FILE");
        Files.writeString(kernel, JSON.writeValueAsString(spec));
        Home.Run doctor = home.installed("doctor");

        assertEquals(1, doctor.status(), doctor.toString());
        assertTrue(line(doctor, "kernel spec").startsWith("FAIL") && line(doctor, "kernel spec").contains("reads "
                + home.path(".databrickscfg") + " (its env set no DATABRICKS_CONFIG_FILE), but the profile is in "
                + profiles + ". Fix: lakebook install --kernel with DATABRICKS_CONFIG_FILE=" + profiles + " set"),
                doctor.toString());
        assertTrue(line(doctor, "Goose config").startsWith("ok"), doctor.toString());
    }

    private static String line(Home.Run doctor, String check) {
        return doctor.output().lines().filter(l -> l.length() > 6 && l.substring(6).startsWith(check + " "))
                .findFirst().orElseThrow(() -> new AssertionError(check + " in:\n" + doctor));
    }
}
