package io.lakebook.installer.setup;

import io.lakebook.core.config.UserHome;
import io.lakebook.installer.command.Console;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where lakebook puts things for one user, from the environment as the tools that read them look: the home folder
 * ({@code HOME}), {@code ~/.databrickscfg} (or {@code DATABRICKS_CONFIG_FILE}, as the Databricks SDK reads it),
 * the installed toolkit under {@code $XDG_DATA_HOME/lakebook} (default {@code ~/.local/share/lakebook}) with its
 * command in {@code ~/.local/bin}, Goose's {@code config.yaml} under {@code $XDG_CONFIG_HOME/goose}, and the
 * kernel's cache under {@code $XDG_CACHE_HOME/lakebook}.
 *
 * @param configFileFromEnv whether {@code DATABRICKS_CONFIG_FILE} chose {@code databricksConfig}
 */
public record Places(Path home, Path databricksConfig, boolean configFileFromEnv, Path dataDir, Path binDir,
                     Path defaultGooseConfig, Path cacheDir) {

    public static Places of(Console console) {
        Map<String, String> env = console.env();
        Path home = UserHome.of(env);
        Path config = value(env, "DATABRICKS_CONFIG_FILE")
                .map(file -> console.workingDirectory().resolve(file.replaceFirst("^~", home.toString())).normalize())
                .orElse(home.resolve(".databrickscfg"));
        Path data = value(env, "XDG_DATA_HOME").map(Path::of).orElse(home.resolve(".local/share"));
        Path configHome = value(env, "XDG_CONFIG_HOME").map(Path::of).orElse(home.resolve(".config"));
        // The kernel's own cache (the computer id, project sync marks), where core keeps it.
        Path cache = value(env, "XDG_CACHE_HOME").map(Path::of).orElse(home.resolve(".cache"));
        return new Places(home, config, value(env, "DATABRICKS_CONFIG_FILE").isPresent(), data.resolve("lakebook"),
                home.resolve(".local/bin"), configHome.resolve("goose").resolve("config.yaml"),
                cache.resolve("lakebook"));
    }

    /** The installed copy of lakebook that the kernel spec, Goose and the command run. */
    public Path jar() {
        return dataDir.resolve("lakebook.jar");
    }

    /** The {@code lakebook} command on the user's PATH. */
    public Path launcher() {
        return binDir.resolve("lakebook");
    }

    /** What the last install did, for doctor, model and uninstall. */
    public Path record() {
        return dataDir.resolve("install.json");
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }
}
