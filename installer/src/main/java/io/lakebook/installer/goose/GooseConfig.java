package io.lakebook.installer.goose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of Goose's {@code config.yaml} that lakebook owns: the Databricks provider with the workspace and the
 * model (goose-and-mcp.md §1.2, §1.5) and the {@code lakebook} stdio extension (§1.3). Everything else in the file
 * belongs to the user.
 */
public final class GooseConfig {
    public static final String EXTENSION = "lakebook";
    public static final String PROVIDER = "databricks";
    /**
     * Goose stops waiting for a tool call after this many seconds (its default is 300). lakebook's tools answer
     * long cells with a handle within seconds, so this only has to cover a slow cluster start or a large output.
     */
    public static final int TIMEOUT_SECONDS = 600;
    public static final List<String> EXTENSION_PATH = List.of("extensions", EXTENSION);
    static final List<String> ACTIVE_PROVIDER = List.of("active_provider");
    static final List<String> PROVIDER_ENTRY = List.of("providers", PROVIDER);
    static final List<String> LEGACY_PROVIDER = List.of("GOOSE_PROVIDER");
    static final List<String> LEGACY_MODEL = List.of("GOOSE_MODEL");
    static final List<String> HOST = List.of("DATABRICKS_HOST");

    private GooseConfig() {
    }

    /**
     * What lakebook sets for Goose to use the workspace and the lakebook extension. Goose reads
     * {@code active_provider} and {@code providers.<name>.model} first and falls back to the older flat
     * {@code GOOSE_PROVIDER} and {@code GOOSE_MODEL} keys (aaif-goose/goose crates/goose/src/config/providers.rs,
     * {@code get_active_provider}); both are written so that older Goose releases, which read only the flat keys,
     * agree with newer ones.
     *
     * @param command the command that starts lakebook: absolute {@code java}, its options, {@code -jar}, the jar
     */
    public static Map<List<String>, Object> wiring(String host, Optional<String> model, List<String> command,
                                                   Map<String, String> envs) {
        Map<List<String>, Object> values = new LinkedHashMap<>();
        values.put(ACTIVE_PROVIDER, PROVIDER);
        model.ifPresent(name -> values.putAll(model(name)));
        values.put(LEGACY_PROVIDER, PROVIDER);
        values.put(HOST, host);
        values.put(EXTENSION_PATH, extension(command, envs));
        return values;
    }

    /** What {@code lakebook model use} sets: the Databricks provider, active, with this endpoint as its model. */
    public static Map<List<String>, Object> model(String endpoint) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("enabled", true);
        entry.put("model", endpoint);
        entry.put("configured", true);
        Map<List<String>, Object> values = new LinkedHashMap<>();
        values.put(ACTIVE_PROVIDER, PROVIDER);
        values.put(PROVIDER_ENTRY, entry);
        values.put(LEGACY_PROVIDER, PROVIDER);
        values.put(LEGACY_MODEL, endpoint);
        return values;
    }

    /** The model Goose uses when its provider is Databricks, read as Goose reads it. */
    public static Optional<String> model(YamlDocument config) {
        Optional<String> provider = text(config, ACTIVE_PROVIDER).or(() -> text(config, LEGACY_PROVIDER));
        if (provider.filter(PROVIDER::equals).isEmpty()) {
            return Optional.empty();
        }
        Optional<String> entryModel = config.get(List.of("providers", PROVIDER, "model")).map(String::valueOf)
                .filter(model -> !model.isBlank());
        return entryModel.or(() -> text(config, LEGACY_MODEL));
    }

    /**
     * The stdio extension entry, in the shape of Goose's {@code ExtensionConfig::Stdio}: {@code args} must be
     * present, {@code cmd} is an absolute path because Goose Desktop starts extensions with a minimal PATH, and the
     * profile (and the {@code DATABRICKS_CONFIG_FILE} install used, when one was set) goes in {@code envs}
     * (goose-and-mcp.md §1.3).
     */
    static Map<String, Object> extension(List<String> command, Map<String, String> envs) {
        Map<String, Object> extension = new LinkedHashMap<>();
        extension.put("type", "stdio");
        extension.put("name", EXTENSION);
        extension.put("enabled", true);
        extension.put("description", "Databricks notebooks, the cluster and SQL, through lakebook");
        extension.put("cmd", command.get(0));
        List<String> args = new ArrayList<>(command.subList(1, command.size()));
        args.add("mcp");
        extension.put("args", args);
        extension.put("envs", new LinkedHashMap<>(envs));
        extension.put("env_keys", List.of());
        extension.put("timeout", TIMEOUT_SECONDS);
        extension.put("bundled", false);
        return extension;
    }

    private static Optional<String> text(YamlDocument config, List<String> path) {
        return config.get(path).map(String::valueOf).filter(value -> !value.isBlank());
    }
}
