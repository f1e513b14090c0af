package io.lakebook.installer.kernelspec;

import io.lakebook.core.config.UserHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
        // Jupyter expands "~" from HOME, as Python does.
        Path home = UserHome.of(env);
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
     * The data directory of the Python environment that runs Jupyter ({@code sys.prefix/share/jupyter}). It is asked
     * of the Python named on the first line of the {@code jupyter} command found on the PATH, since another
     * {@code python3} may come first on the PATH (pyenv, conda) without being the one Jupyter runs on.
     */
    public static Path sysPrefixDataDir() throws IOException {
        String python = jupyterPython().orElse("python3");
        Process process = new ProcessBuilder(python, "-c", "import sys; print(sys.prefix)")
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

    /** The interpreter on the {@code #!} line of {@code jupyter}, when it is on the PATH and names one. */
    static Optional<String> jupyterPython() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path jupyter = Path.of(dir, "jupyter");
            if (Files.isRegularFile(jupyter) && Files.isExecutable(jupyter)) {
                return shebang(jupyter);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> shebang(Path script) {
        try (var reader = Files.newBufferedReader(script, StandardCharsets.ISO_8859_1)) {
            String first = reader.readLine();
            if (first == null || !first.startsWith("#!")) {
                return Optional.empty();
            }
            String[] words = first.substring(2).strip().split("\\s+");
            // "#!/usr/bin/env python3" names the interpreter in its second word.
            String interpreter = words[0].endsWith("/env") && words.length > 1 ? words[1] : words[0];
            return interpreter.contains("python") ? Optional.of(interpreter) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
