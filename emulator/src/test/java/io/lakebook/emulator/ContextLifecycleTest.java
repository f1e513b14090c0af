package io.lakebook.emulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.BadRequest;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.ContextStatus;
import com.databricks.sdk.service.compute.ResultType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contexts die with their cluster's driver, and the emulator leaves no Python behind (reference §2.8). */
class ContextLifecycleTest {
    private Emulator emulator;
    private WorkspaceClient client;
    private String clusterId;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulator.builder().build().start();
        client = Sdk.client(emulator);
        clusterId = emulator.defaultClusterId();
        client.clusters().start(clusterId).get(Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void restartKillsTheContextsAndLaterCallsNameTheLostContext() {
        Notebook notebook = Notebook.attach(client, clusterId);
        long pid = notebook.pid();

        emulator.clusters().restart(clusterId);

        assertTrue(emulator.liveContextIds(clusterId).isEmpty());
        assertFalse(alive(pid), "the context's Python process is gone");
        BadRequest error = assertThrows(BadRequest.class,
                () -> client.commandExecution().contextStatus(clusterId, notebook.contextId));
        assertTrue(error.getMessage().contains(notebook.contextId), error.getMessage());
    }

    /**
     * A driver's local disk is its own: what contexts write to their temporary folder stays out of the machine's
     * /tmp, which every emulator and test run would otherwise share, and goes when the emulator closes.
     */
    @Test
    void whatContextsWriteToTheirTemporaryFolderGoesWithTheEmulator() {
        Notebook notebook = Notebook.attach(client, clusterId);
        String text = notebook.run("import tempfile, os\npath = os.path.join(tempfile.gettempdir(), 'scratch.txt')\n"
                + "open(path, 'w').write('x')\npath").getResults().getData().toString();
        Path scratch = Path.of(text.substring(text.indexOf('/'), text.lastIndexOf('\'')));
        assertTrue(java.nio.file.Files.exists(scratch), text);
        assertFalse(scratch.startsWith(Path.of(System.getProperty("java.io.tmpdir"), "scratch.txt")), text);

        emulator.close();

        assertFalse(java.nio.file.Files.exists(scratch), scratch + " is gone with the emulator");
    }

    @Test
    void newContextAfterARestartStartsWithFreshGlobals() {
        Notebook before = Notebook.attach(client, clusterId);
        before.run("answer = 42");
        emulator.clusters().restart(clusterId);
        await().atMost(Duration.ofSeconds(5)).until(() -> emulator.clusters().state(clusterId)
                == io.lakebook.emulator.clusters.ClusterState.RUNNING);

        Notebook after = Notebook.attach(client, clusterId);

        assertEquals(ResultType.ERROR, after.run("answer").getResults().getResultType());
    }

    /** A poller of a command that was running when the cluster went away gets an error, not an endless wait. */
    @Test
    void terminateDuringACommandEndsItsPollingWithAnError() {
        Notebook notebook = Notebook.attach(client, clusterId);
        long pid = notebook.pid();
        String sleeping = notebook.submit("import time\ntime.sleep(60)");
        notebook.awaitRunning(sleeping);

        emulator.clusters().terminate(clusterId);

        BadRequest error = assertThrows(BadRequest.class, () -> notebook.status(sleeping));
        assertTrue(error.getMessage().contains(notebook.contextId), error.getMessage());
        assertFalse(alive(pid));
    }

    @Test
    void failedClusterLosesItsContexts() {
        Notebook notebook = Notebook.attach(client, clusterId);
        long pid = notebook.pid();

        emulator.clusters().fail(clusterId, "Driver is unresponsive");

        assertTrue(emulator.liveContextIds(clusterId).isEmpty());
        assertFalse(alive(pid));
    }

    @Test
    void destroyKillsThePythonProcess() {
        Notebook notebook = Notebook.attach(client, clusterId);
        long pid = notebook.pid();

        notebook.destroy();

        assertFalse(alive(pid));
        assertFalse(emulator.liveContextIds(clusterId).contains(notebook.contextId));
    }

    /** reference §2.6: Error is reserved for infrastructure failures, such as the Python process dying. */
    @Test
    void pythonExitingOnItsOwnEndsTheCommandInError() {
        Notebook notebook = Notebook.attach(client, clusterId);

        CommandStatusResponse crashed = notebook.run("import os\nos._exit(3)");

        assertEquals(CommandStatus.ERROR, crashed.getStatus());
        assertTrue(crashed.getResults().getSummary().contains(notebook.contextId), crashed.getResults().getSummary());
        assertEquals(ContextStatus.ERROR, client.commandExecution().contextStatus(clusterId, notebook.contextId)
                .getStatus());
        BadRequest refused = assertThrows(BadRequest.class, () -> notebook.submit("1"));
        assertTrue(refused.getMessage().contains("Create a new context"), refused.getMessage());
    }

    @Test
    void closeLeavesNoPythonProcessEvenWithACommandRunning() {
        Notebook first = Notebook.attach(client, clusterId);
        Notebook second = Notebook.attach(client, clusterId);
        List<Long> pids = List.of(first.pid(), second.pid());
        first.awaitRunning(first.submit("import time\ntime.sleep(60)"));

        emulator.close();

        pids.forEach(pid -> assertFalse(alive(pid), "Python process " + pid + " survived close()"));
        assertTrue(emulator.liveContextIds(clusterId).isEmpty());
    }

    @Test
    void startFailsClearlyWhenPythonIsMissing() {
        Emulator broken = Emulator.builder().python(Path.of("/nonexistent/python3")).build();

        EmulatorException error = assertThrows(EmulatorException.class, broken::start);

        assertTrue(error.getMessage().contains("/nonexistent/python3"), error.getMessage());
        assertTrue(error.getMessage().contains("--python PATH"), error.getMessage());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
