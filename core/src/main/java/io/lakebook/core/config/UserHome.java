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

    /**
     * Makes Java's {@code user.home} the {@code HOME} of this process, when it is set and differs. The Databricks
     * SDK keeps its OAuth token cache under {@code user.home} but reads {@code ~/.databrickscfg} from {@code HOME},
     * as lakebook does; with both the same, a sign-in lands beside the profile it belongs to (in a container, under
     * sudo, or with a HOME of its own). Called first thing by every lakebook entry point, before any SDK class runs.
     */
    public static void adoptForJvm() {
        String home = System.getenv("HOME");
        if (home != null && !home.isBlank() && !home.equals(System.getProperty("user.home"))) {
            System.setProperty("user.home", home);
        }
    }

    /** {@code ~/rest} resolved against {@link #of(Map)}; any other name as it is. */
    public static Path expand(String name, Map<String, String> env) {
        return name.startsWith("~/") ? of(env).resolve(name.substring(2)) : Path.of(name);
    }
}
