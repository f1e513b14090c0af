package io.lakebook.kernel;

import io.lakebook.kernel.testing.FakeSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelMainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return KernelMain.run(args, FakeSession::new, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void missingConnectionFileIsOneLineNamingItAndExitCode2() {
        Path missing = dir.resolve("kernel-123.json");
        assertEquals(2, run("-f", missing.toString()));
        assertEquals(1, stderr().lines().count(), stderr());
        assertTrue(stderr().contains(missing + " does not exist"), stderr());
        assertTrue(stderr().contains("Start the kernel from Jupyter"), stderr());
    }

    @Test
    void connectionFileThatIsNotJsonIsNamedWithTheFix() throws Exception {
        Path broken = Files.writeString(dir.resolve("kernel.json"), "{ shell_port: ");
        assertEquals(2, run("-f", broken.toString()));
        assertTrue(stderr().contains(broken + " is not usable: it is not valid JSON (line 1"), stderr());
        assertEquals(1, stderr().lines().count(), stderr());
    }

    @Test
    void connectionFileWithoutAPortSaysWhichOne() throws Exception {
        Path partial = Files.writeString(dir.resolve("kernel.json"), """
                {"ip": "127.0.0.1", "transport": "tcp", "shell_port": 5000, "iopub_port": 5001, "stdin_port": 5002,
                 "hb_port": 5003, "key": "s3cret-key", "signature_scheme": "hmac-sha256"}""");
        assertEquals(2, run("-f", partial.toString()));
        assertTrue(stderr().contains("it has no valid \"control_port\""), stderr());
        assertTrue(!stderr().contains("s3cret-key"), stderr());
    }

    @Test
    void connectionFileWithoutAKeyIsRefusedRatherThanLeftUnsigned() throws Exception {
        Path keyless = Files.writeString(dir.resolve("kernel.json"), """
                {"ip": "127.0.0.1", "transport": "tcp", "shell_port": 5000, "control_port": 5004, "iopub_port": 5001,
                 "stdin_port": 5002, "hb_port": 5003, "signature_scheme": "hmac-sha256"}""");
        assertEquals(2, run("-f", keyless.toString()));
        assertTrue(stderr().contains("it has no \"key\""), stderr());
    }

    @Test
    void ipcTransportIsRefusedWithTheFix() throws Exception {
        Path ipc = Files.writeString(dir.resolve("kernel.json"), """
                {"ip": "/tmp/k", "transport": "ipc", "shell_port": 5000, "control_port": 5004, "iopub_port": 5001,
                 "stdin_port": 5002, "hb_port": 5003, "key": "k", "signature_scheme": "hmac-sha256"}""");
        assertEquals(2, run("-f", ipc.toString()));
        assertTrue(stderr().contains("serves tcp only"), stderr());
    }

    @Test
    void withoutDashFTheUsageIsPrinted() {
        assertEquals(2, run());
        assertTrue(stderr().startsWith("lakebook kernel: expected -f CONNECTION_FILE"), stderr());
    }
}
