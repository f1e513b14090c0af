package io.lakebook.core.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The user's home folder as the Databricks SDK finds it: {@code HOME} when it is set, else Java's {@code user.home}.
 * The two differ in containers, CI and under sudo, and lakebook must read the same {@code ~/.databrickscfg} as the
 * SDK does.
 */
public final class UserHome {
    private UserHome() {
    }

    /** The home folder for the environment {@code env}. */
    public static Path of(Map<String, String> env) {
        String home = env.get("HOME");
        return Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home).toAbsolutePath()
                .normalize();
    }

    /** The home folder of this process. */
    public static Path current() {
        return of(System.getenv());
    }

    /** {@code ~/rest} resolved against {@link #of(Map)}; any other name as it is. */
    public static Path expand(String name, Map<String, String> env) {
        return name.startsWith("~/") ? of(env).resolve(name.substring(2)) : Path.of(name);
    }
}
