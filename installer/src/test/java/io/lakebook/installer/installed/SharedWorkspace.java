package io.lakebook.installer.installed;

import io.lakebook.emulator.Emulator;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one emulated workspace and the one built jar that every test of the installed toolkit shares: starting an
 * emulator and building the jar are the slow parts, and each test works in its own temporary home. The emulator
 * stops with the test JVM (its shutdown hook).
 */
final class SharedWorkspace {
    private static Emulator emulator;

    private SharedWorkspace() {
    }

    static synchronized Emulator emulator() {
        if (emulator == null) {
            emulator = Emulator.builder().build().start();
        }
        return emulator;
    }

    /** The shaded jar the build made ({@code installer/target/lakebook.jar}); the tests install it as a user does. */
    static Path jar() {
        Path jar = Path.of(System.getProperty("lakebook.jar", "target/lakebook.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: these tests run after `mvn package` (mvn verify runs them)");
        }
        return jar;
    }
}
