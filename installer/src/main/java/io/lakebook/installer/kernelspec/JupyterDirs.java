package io.lakebook.installer.kernelspec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Where Jupyter looks for kernel specs, as {@code jupyter kernelspec install} chooses them. */
public final class JupyterDirs {

    private JupyterDirs() {
    }

    /**
     * The per-user Jupyter data directory: {@code JUPYTER_DATA_DIR} when set, else the platform's default
     * ({@code ~/.local/share/jupyter} on Linux, {@code ~/Library/Jupyter} on macOS, {@code %APPDATA%\jupyter}).
     */
    public static Path userDataDir(Map<String, String> env) {
        String explicit = env.get("JUPYTER_DATA_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        Path home = Path.of(System.getProperty("user.home"));
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return home.resolve("Library/Jupyter");
        }
        if (os.contains("win") && env.get("APPDATA") != null) {
            return Path.of(env.get("APPDATA"), "jupyter");
        }
        String xdg = env.get("XDG_DATA_HOME");
        return (xdg == null || xdg.isBlank() ? home.resolve(".local/share") : Path.of(xdg)).resolve("jupyter");
    }

    /**
     * The data directory of the Python environment that runs Jupyter ({@code sys.prefix/share/jupyter}), asked of
     * {@code python3} on the PATH, which is the environment's own Python when a virtual environment is active.
     */
    public static Path sysPrefixDataDir() throws IOException {
        Process process = new ProcessBuilder("python3", "-c", "import sys; print(sys.prefix)")
                .redirectErrorStream(true).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("python3 could not tell its sys.prefix");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking python3 for sys.prefix", e);
        }
        String prefix = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return Path.of(prefix, "share", "jupyter");
    }
}
