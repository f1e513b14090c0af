package io.lakebook.core.config;

import io.lakebook.core.error.NotConfiguredException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WarehouseSettingsTest {

    @TempDir
    Path home;

    private Map<String, String> env(String config) throws IOException {
        Path file = home.resolve("databrickscfg");
        Files.writeString(file, config);
        Map<String, String> env = new HashMap<>();
        env.put("DATABRICKS_CONFIG_FILE", file.toString());
        return env;
    }

    @Test
    void readsTheWarehouseFromTheDefaultProfile() throws IOException {
        Map<String, String> env = env("[DEFAULT]\nhost = http://127.0.0.1:1\ntoken = dapi-secret\n"
                + "warehouse_id = 3f2a1b0c9d8e7f60\n");

        assertEquals("3f2a1b0c9d8e7f60", WarehouseSettings.load(home, env).warehouseId());
    }

    @Test
    void readsTheNamedProfileAndNotAnother() throws IOException {
        Map<String, String> env = env("[DEFAULT]\nhost = http://127.0.0.1:1\ntoken = a\nwarehouse_id = wrong\n\n"
                + "[analytics]\nhost = http://127.0.0.1:2\ntoken = b\nwarehouse_id = right ; the team's warehouse\n");
        env.put("DATABRICKS_CONFIG_PROFILE", "analytics");

        WarehouseSettings settings = WarehouseSettings.load(home, env);

        assertEquals("right", settings.warehouseId());
        assertEquals("http://127.0.0.1:2", settings.databricks().getHost());
    }

    /** databricks-sdk-java looks for ~/.databrickscfg under HOME first; a container's HOME is not user.home. */
    @Test
    void readsTheProfileInTheFolderThatHomeNamesAsTheSdkDoes() throws IOException {
        Files.writeString(home.resolve(".databrickscfg"), "[DEFAULT]\nwarehouse_id = under-home\n");
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("DATABRICKS_HOST", "http://127.0.0.1:1");
        env.put("DATABRICKS_TOKEN", "dapi-secret");

        assertEquals("under-home", WarehouseSettings.load(home, env).warehouseId());
    }

    @Test
    void theEnvironmentWinsOverTheProfile() throws IOException {
        Map<String, String> env = env("[DEFAULT]\nhost = http://127.0.0.1:1\ntoken = a\nwarehouse_id = profile\n");
        env.put("DATABRICKS_WAREHOUSE_ID", " from-env ");

        assertEquals("from-env", WarehouseSettings.load(home, env).warehouseId());
    }

    @Test
    void noWarehouseNamesWhatWasConsultedAndWhatToDo() throws IOException {
        Map<String, String> env = env("[DEFAULT]\nhost = http://127.0.0.1:1\ntoken = dapi-secret\n");

        NotConfiguredException e = assertThrows(NotConfiguredException.class, () -> WarehouseSettings.load(home, env));

        assertEquals("No SQL warehouse is configured. lakebook looked at DATABRICKS_WAREHOUSE_ID (not set); "
                + "warehouse_id in profile [DEFAULT] of " + home.resolve("databrickscfg") + " (no warehouse_id "
                + "there). Set DATABRICKS_WAREHOUSE_ID=<id>, or add `warehouse_id = <id>` to that profile; the id "
                + "is on the warehouse's Connection details page.", e.getMessage());
        assertFalse(e.getMessage().contains("dapi-secret"));
    }

    @Test
    void aMissingConfigFileIsNamed() {
        Map<String, String> env = new HashMap<>();
        env.put("DATABRICKS_CONFIG_FILE", home.resolve("absent").toString());
        env.put("DATABRICKS_HOST", "http://127.0.0.1:1");
        env.put("DATABRICKS_TOKEN", "dapi-secret");

        NotConfiguredException e = assertThrows(NotConfiguredException.class, () -> WarehouseSettings.load(home, env));

        assertEquals(true, e.getMessage().contains("warehouse_id in profile [DEFAULT] of " + home.resolve("absent")
                + " (no such file)"), e.getMessage());
    }
}
