package io.lakebook.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * lakebook's class-data archive, made from a copy of the shaded jar as the launcher makes it: the JVM maps it, the
 * kernel spec written afterwards names it, and the kernel that spec starts answers a Jupyter client.
 */
class ClassArchiveTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path work;

    @Test
    void theArchiveMadeBesideTheJarIsMappedAndTheKernelStartsWithIt() throws Exception {
        Path jar = Files.copy(Processes.jar(), work.resolve("lakebook.jar"));
        Processes.Result made = Processes.run(List.of(JAVA, "-cp", jar.toString(),
                "io.lakebook.installer.startup.ClassArchive", jar.toString()), Map.of(), work, 180);
        Path archive = work.resolve("lakebook.jsa");
        assertEquals(0, made.exitCode(), made.output());
        assertTrue(Files.isRegularFile(archive), made.output());

        // With -Xshare:on the JVM refuses to start rather than start without the archive.
        Processes.Result mapped = Processes.run(List.of(JAVA, "-XX:SharedArchiveFile=" + archive, "-Xshare:on",
                "-jar", jar.toString(), "--version"), Map.of(), work, 60);
        assertEquals(0, mapped.exitCode(), mapped.output());
        assertTrue(mapped.output().startsWith("lakebook "), mapped.output());

        // install copies the jar to its stable place and makes that copy's archive, which the kernel spec names.
        List<String> argv = installKernel(jar);
        Path installed = work.resolve("home/.local/share/lakebook/lakebook.jsa");
        assertTrue(argv.contains("-XX:SharedArchiveFile=" + installed) && Files.isRegularFile(installed),
                argv.toString());
        Processes.Result info = Processes.run(List.of("/usr/bin/python3", "-c", String.join("\n",
                "from jupyter_client.manager import start_new_kernel",
                "km, kc = start_new_kernel(kernel_name='databricks', startup_timeout=60)",
                "print(kc.kernel_info(reply=True, timeout=30)['content']['implementation'])",
                "kc.stop_channels()", "km.shutdown_kernel()")), Map.of("JUPYTER_PATH", work.resolve("jupyter")
                .toString(), "PYDEVD_DISABLE_FILE_VALIDATION", "1"), work, 120);
        assertEquals(0, info.exitCode(), info.output());
        assertTrue(info.output().contains("lakebook"), info.output());
    }

    /** An installed archive older than its jar is not mapped, so the next install makes it again. */
    @Test
    void theNextInstallRemakesAStaleInstalledArchive() throws Exception {
        Path jar = Files.copy(Processes.jar(), work.resolve("lakebook.jar"));
        installKernel(jar);
        Path archive = work.resolve("home/.local/share/lakebook/lakebook.jsa");
        Path installedJar = work.resolve("home/.local/share/lakebook/lakebook.jar");
        Files.setLastModifiedTime(archive, FileTime.from(Instant.now().minusSeconds(3_600)));

        List<String> argv = installKernel(jar);

        assertTrue(argv.contains("-XX:SharedArchiveFile=" + archive), argv.toString());
        assertTrue(Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(installedJar)) > 0,
                "the archive is newer than the jar it belongs to");
    }

    private List<String> installKernel(Path jar) throws Exception {
        Processes.Result installed = Processes.run(List.of(JAVA, "-jar", jar.toString(), "install", "--kernel",
                "--jupyter-dir", work.resolve("jupyter").toString()), Map.of("HOME", work.resolve("home").toString()),
                work, 120);
        assertEquals(0, installed.exitCode(), installed.output());
        JsonNode spec = new ObjectMapper().readTree(work.resolve("jupyter/kernels/databricks/kernel.json").toFile());
        List<String> argv = new ArrayList<>();
        spec.get("argv").forEach(part -> argv.add(part.asText()));
        return argv;
    }
}
