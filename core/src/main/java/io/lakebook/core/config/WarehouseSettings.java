package io.lakebook.core.config;

import com.databricks.sdk.core.DatabricksConfig;
import io.lakebook.core.error.NotConfiguredException;
import org.apache.commons.configuration2.INIConfiguration;
import org.apache.commons.configuration2.SubnodeConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where lakebook runs SQL: the workspace (resolved as in {@link Settings}, without needing a cluster) and the SQL
 * warehouse, from {@value #ENV_WAREHOUSE} or else the {@code warehouse_id} key of the profile in
 * {@code ~/.databrickscfg}. databricks-sdk-java does not read that key, so lakebook reads the profile itself.
 *
 * @param databricks  the SDK configuration, resolved
 * @param warehouseId the warehouse statements run on
 * @param consulted   where the warehouse was looked for, for messages; holds no secret
 */
public record WarehouseSettings(DatabricksConfig databricks, String warehouseId, List<String> consulted) {

    public static final String ENV_WAREHOUSE = "DATABRICKS_WAREHOUSE_ID";
    static final String KEY = "warehouse_id";
    private static final String DEFAULT_PROFILE = "DEFAULT";

    public WarehouseSettings {
        consulted = List.copyOf(consulted);
    }

    /**
     * Resolves the workspace and warehouse for {@code workingDirectory}.
     *
     * @throws NotConfiguredException when no workspace or no warehouse is configured, naming what was consulted
     */
    public static WarehouseSettings load(Path workingDirectory, Map<String, String> env) {
        Optional<ProjectFile> project = ProjectFile.find(workingDirectory);
        DatabricksConfig config = Settings.resolveConfig(env, Settings.profile(env, project), project,
                new ArrayList<>());
        List<String> consulted = new ArrayList<>();
        Optional<String> fromEnv = Optional.ofNullable(env.get(ENV_WAREHOUSE)).map(String::trim)
                .filter(s -> !s.isEmpty());
        consulted.add(ENV_WAREHOUSE + (fromEnv.isPresent() ? "" : " (not set)"));
        String id = fromEnv.or(() -> fromProfile(config, env, consulted)).orElseThrow(() ->
                new NotConfiguredException("No SQL warehouse is configured. lakebook looked at "
                        + String.join("; ", consulted) + ". Set " + ENV_WAREHOUSE + "=<id>, or add `" + KEY
                        + " = <id>` to that profile; the id is on the warehouse's Connection details page."));
        return new WarehouseSettings(config, id, consulted);
    }

    private static Optional<String> fromProfile(DatabricksConfig config, Map<String, String> env,
                                                List<String> consulted) {
        Path file = configFile(config, env);
        String profile = Optional.ofNullable(config.getProfile()).filter(s -> !s.isBlank()).orElse(DEFAULT_PROFILE);
        String where = KEY + " in profile [" + profile + "] of " + file;
        if (!Files.isRegularFile(file)) {
            consulted.add(where + " (no such file)");
            return Optional.empty();
        }
        INIConfiguration ini = read(file);
        if (!ini.getSections().contains(profile)) {
            consulted.add(where + " (no such profile)");
            return Optional.empty();
        }
        SubnodeConfiguration section = ini.getSection(profile);
        Optional<String> id = Optional.ofNullable(section.getString(KEY)).map(String::trim).filter(s -> !s.isEmpty());
        consulted.add(where + (id.isPresent() ? "" : " (no " + KEY + " there)"));
        return id;
    }

    private static INIConfiguration read(Path file) {
        INIConfiguration ini = INIConfiguration.builder().build();
        try (Reader reader = Files.newBufferedReader(file)) {
            ini.read(reader);
            return ini;
        } catch (IOException | ConfigurationException e) {
            throw new NotConfiguredException("lakebook could not read " + file + " to find the SQL warehouse ("
                    + e.getMessage() + "). Fix the file, or set " + ENV_WAREHOUSE + ".", e);
        }
    }

    /** The file the SDK read the profile from: its setting, {@code DATABRICKS_CONFIG_FILE}, or the default. */
    private static Path configFile(DatabricksConfig config, Map<String, String> env) {
        String name = Optional.ofNullable(config.getConfigFile()).filter(s -> !s.isBlank())
                .orElse(env.getOrDefault(Settings.ENV_CONFIG_FILE, "~/.databrickscfg"));
        return UserHome.expand(name, env);
    }
}
