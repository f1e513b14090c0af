package io.lakebook.emulator.python;

import io.lakebook.emulator.EmulatorException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where execution contexts run: the Python interpreter, a private working directory and the driver script unpacked
 * into it (a script inside a jar cannot be run directly).
 */
public final class PythonRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PythonRuntime.class);
    private static final String DRIVER_RESOURCE = "/io/lakebook/emulator/python/driver.py";

    private final Path python;
    private final Path workDirectory;
    private final Path driver;

    private PythonRuntime(Path python, Path workDirectory, Path driver) {
        this.python = python;
        this.workDirectory = workDirectory;
        this.driver = driver;
    }

    /** Checks that {@code python} is a working Python 3 and unpacks the driver; fails with the fix if not. */
    public static PythonRuntime prepare(Path python) {
        checkPython3(python);
        try {
            Path directory = Files.createTempDirectory("lakebook-emulator-");
            Path driver = directory.resolve("driver.py");
            Files.createDirectories(directory.resolve("driver-tmp"));
            try (InputStream in = PythonRuntime.class.getResourceAsStream(DRIVER_RESOURCE)) {
                if (in == null) {
                    throw new EmulatorException("The emulator jar lacks " + DRIVER_RESOURCE + "; rebuild it");
                }
                Files.copy(in, driver);
            }
            return new PythonRuntime(python, directory, driver);
        } catch (IOException e) {
            throw new EmulatorException("Cannot prepare a working directory for Python: " + e.getMessage(), e);
        }
    }

    public Path python() {
        return python;
    }

    public Path workDirectory() {
        return workDirectory;
    }

    /** Where DBFS lives on disk: contexts write large plots to its {@code FileStore/plots}, as a cluster does. */
    public Path dbfsRoot() {
        return workDirectory.resolve("dbfs");
    }

    public Path driver() {
        return driver;
    }

    /** The driver's temporary folder ({@code TMPDIR} of every context), removed with the emulator. */
    public Path driverTemp() {
        return workDirectory.resolve("driver-tmp");
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(workDirectory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debug("Could not delete {}", workDirectory, e);
        }
    }

    private static void checkPython3(Path python) {
        String hint = ". Install Python 3, or name an interpreter (`lakebook emulator --python PATH`).";
        try {
            Process probe = new ProcessBuilder(python.toString(), "-c",
                    "import sys; print(sys.version_info[0])").redirectErrorStream(true).start();
            String output;
            try (InputStream in = probe.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!probe.waitFor(30, TimeUnit.SECONDS) || probe.exitValue() != 0 || !output.equals("3")) {
                probe.destroyForcibly();
                throw new EmulatorException("The Python interpreter " + python + " is not a working Python 3 (it said: "
                        + output + ")" + hint);
            }
        } catch (IOException e) {
            throw new EmulatorException("Cannot run the Python interpreter " + python + ": " + e.getMessage() + hint,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmulatorException("Interrupted while checking the Python interpreter " + python, e);
        }
    }
}
