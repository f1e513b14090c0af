package io.lakebook.emulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.error.platform.BadRequest;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CreateContext;
import com.databricks.sdk.service.compute.Language;
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.StatementState;
import io.lakebook.emulator.faults.Calls;
import io.lakebook.emulator.faults.Rule;
import io.lakebook.emulator.http.RequestLog;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fault switches, seen through databricks-sdk-java as lakebook's products see them. Where the SDK reacts (its
 * retries of 429, 503 and refused connections, reference §1.4), the test checks that it does, so the faults are
 * the ones the SDK was written against.
 */
class FaultSwitchesTest {
    private static final Calls CLUSTER_GET = Calls.to("GET", "/api/2.1/clusters/get");
    private static Emulator emulator;
    private static WorkspaceClient client;
    private static String clusterId;

    @BeforeAll
    static void start() throws Exception {
        emulator = Emulator.builder().build().start();
        client = Sdk.client(emulator);
        clusterId = emulator.defaultClusterId();
        client.clusters().start(clusterId).get(Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @AfterEach
    void clear() {
        emulator.faults().clear();
    }

    private static long millis(Runnable call) {
        long started = System.nanoTime();
        call.run();
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** reference §1.4: a 503 with Retry-After is retried after that many seconds. */
    @Test
    void a503WithRetryAfterIsRetriedByTheSdkAfterTheGivenSeconds() {
        Rule rule = emulator.faults().on(CLUSTER_GET).times(1).unavailable(Optional.of(Duration.ofSeconds(1)));

        long took = millis(() -> client.clusters().get(clusterId));

        assertEquals(1, rule.fired());
        assertTrue(took >= 1000 && took < 4000, took + " ms");
    }

    /** reference §1.4: without Retry-After the SDK backs off about a second before its second attempt. */
    @Test
    void a429WithoutRetryAfterIsRetriedAfterTheSdksOwnBackoff() {
        Rule rule = emulator.faults().on(CLUSTER_GET).times(1).rateLimited(Optional.empty());

        long took = millis(() -> client.clusters().get(clusterId));

        assertEquals(1, rule.fired());
        assertTrue(took >= 1000 && took < 4000, took + " ms");
    }

    /** reference §1.4: four attempts, then a DatabricksException that is not a DatabricksError. */
    @Test
    void aLastingOutageEndsTheSdksRetriesAfterFourAttempts() {
        Rule rule = emulator.faults().on(CLUSTER_GET).unavailable(Optional.of(Duration.ZERO));

        DatabricksException e = assertThrows(DatabricksException.class, () -> client.clusters().get(clusterId));

        assertFalse(e instanceof DatabricksError, e.toString());
        assertTrue(e.getMessage().contains("failed after 4 retries"), e.getMessage());
        assertEquals(4, rule.fired());
        assertEquals(503, ((DatabricksError) e.getCause()).getStatusCode());
    }

    @Test
    void aRejectedCallIsLoggedAsNotHandledAndHasNoEffect() {
        int before = emulator.liveContextIds(clusterId).size();
        emulator.faults().on(Calls.to("POST", "/api/1.2/contexts/create")).times(1).unavailable(Optional.of(
                Duration.ZERO));

        String id = client.commandExecution().create(new CreateContext().setClusterId(clusterId)
                .setLanguage(Language.PYTHON)).getResponse().getId();

        List<RequestLog.Entry> creates = emulator.requests().stream()
                .filter(call -> call.path().equals("/api/1.2/contexts/create")).toList();
        RequestLog.Entry rejected = creates.get(creates.size() - 2);
        assertEquals("HTTP 503 Retry-After 0", rejected.fault());
        assertFalse(rejected.handled());
        assertTrue(creates.get(creates.size() - 1).handled());
        assertEquals(before + 1, emulator.liveContextIds(clusterId).size(), "one context, not two");
        emulator.faults().evictContext(id);
    }

    @Test
    void aConnectionDroppedBeforeTheCallHasNoEffectAndTheSdkDoesNotRetryAPost() {
        int before = emulator.liveContextIds(clusterId).size();
        Rule rule = emulator.faults().on(Calls.to("POST", "/api/1.2/contexts/create")).times(1).drop(false);

        DatabricksException e = assertThrows(DatabricksException.class, () -> client.commandExecution()
                .create(new CreateContext().setClusterId(clusterId).setLanguage(Language.PYTHON)));

        assertEquals(1, rule.fired());
        assertTrue(e.getMessage().toLowerCase().contains("respond") || e.getMessage().contains("IO"),
                e.getMessage());
        assertEquals(before, emulator.liveContextIds(clusterId).size());
    }

    /** The case a client cannot tell from the one above: the context exists although the answer never came. */
    @Test
    void aConnectionDroppedAfterTheCallLeavesItsEffect() {
        int before = emulator.liveContextIds(clusterId).size();
        emulator.faults().on(Calls.to("POST", "/api/1.2/contexts/create")).times(1).drop(true);

        assertThrows(DatabricksException.class, () -> client.commandExecution()
                .create(new CreateContext().setClusterId(clusterId).setLanguage(Language.PYTHON)));

        assertEquals(before + 1, emulator.liveContextIds(clusterId).size());
        RequestLog.Entry last = emulator.requests().get(emulator.requests().size() - 1);
        assertTrue(last.handled());
        assertEquals("connection dropped after handling", last.fault());
    }

    /** Apache HttpClient, under the SDK, sends a GET again when the connection closed without an answer. */
    @Test
    void aDroppedGetIsSentAgainByTheHttpClient() {
        Rule rule = emulator.faults().on(CLUSTER_GET).times(1).drop(false);

        assertEquals(clusterId, client.clusters().get(clusterId).getClusterId());

        assertEquals(1, rule.fired());
    }

    @Test
    void anAnswerCutHalfwayFailsTheCall() {
        Rule rule = emulator.faults().on(CLUSTER_GET).times(1).cut();

        DatabricksException e = assertThrows(DatabricksException.class, () -> client.clusters().get(clusterId));

        assertEquals(1, rule.fired());
        assertTrue(String.valueOf(e.getMessage()).contains("IO") || e.getCause() != null, e.toString());
    }

    @Test
    void slowAndTrickledAnswersArriveWhole() {
        emulator.faults().on(CLUSTER_GET).times(1).delay(Duration.ofMillis(700));
        long delayed = millis(() -> assertEquals(clusterId, client.clusters().get(clusterId).getClusterId()));
        emulator.faults().on(CLUSTER_GET).times(1).trickle(Duration.ofMillis(700));
        long trickled = millis(() -> assertEquals("RUNNING", client.clusters().get(clusterId).getState().toString()));

        assertTrue(delayed >= 700, delayed + " ms");
        assertTrue(trickled >= 600, trickled + " ms");
    }

    /** reference §1.4: a refused connection is retried by the SDK, so a short outage passes unnoticed. */
    @Test
    void refusedConnectionsAreRetriedByTheSdkUntilThePortOpensAgain() {
        emulator.faults().refuseConnections(Duration.ofMillis(1500));

        long took = millis(() -> assertEquals(clusterId, client.clusters().get(clusterId).getClusterId()));

        assertTrue(took >= 1000, took + " ms");
    }

    /** remote-kernels §D.5: an evicted context is unknown to later calls, which name it. */
    @Test
    void anEvictedContextIsUnknownToLaterCalls() {
        Notebook notebook = Notebook.attach(client, clusterId);

        assertTrue(emulator.faults().evictContext(notebook.contextId));

        BadRequest e = assertThrows(BadRequest.class, () -> notebook.run("1"));
        assertTrue(e.getMessage().contains("Context " + notebook.contextId + " does not exist"), e.getMessage());
    }

    @Test
    void aStuckCommandStaysRunningIgnoresCancelAndEndsCancelledWhenReleased() {
        Notebook notebook = Notebook.attach(client, clusterId);
        emulator.faults().stickCommands(code -> code.contains("stuck here"));
        String stuck = notebook.submit("print('stuck here')");
        notebook.awaitRunning(stuck);
        String behind = notebook.submit("'after'");

        client.commandExecution().cancel(notebook.cancelOf(stuck));

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> notebook.status(stuck).getStatus() == CommandStatus.CANCELLING);
        assertEquals(CommandStatus.QUEUED, notebook.status(behind).getStatus(), "the context is held");
        emulator.faults().releaseStuckCommands();
        assertEquals(CommandStatus.CANCELLED, notebook.awaitEnd(stuck).getStatus());
        assertEquals("'after'", notebook.awaitEnd(behind).getResults().getData().toString().replace("Out[1]: ",
                ""));
        notebook.destroy();
    }

    /** reference §6.2: PENDING means waiting for the warehouse; a warehouse that cannot start keeps it there. */
    @Test
    void aWarehouseThatCannotFinishStartingKeepsStatementsPending() {
        String warehouse = emulator.warehouses().add("stuck", io.lakebook.emulator.warehouses.WarehouseState.STOPPED);
        emulator.faults().warehouseStuckStarting(warehouse, true);
        String id = client.statementExecution().executeStatement(new ExecuteStatementRequest()
                .setWarehouseId(warehouse).setStatement("SELECT 1").setWaitTimeout("0s")).getStatementId();

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> client.statementExecution().getStatement(id).getStatus().getState()
                        == StatementState.PENDING);
        emulator.faults().warehouseStuckStarting(warehouse, false);

        await().atMost(Duration.ofSeconds(10)).until(() -> client.statementExecution().getStatement(id).getStatus()
                .getState() == StatementState.SUCCEEDED);
    }

    /** reference §1.3: an expired PAT is refused with 403 and the numeric error code. */
    @Test
    void anExpiredTokenIsRefusedUntilTheFaultIsOff() {
        emulator.faults().tokenExpired(true);

        PermissionDenied e = assertThrows(PermissionDenied.class, () -> client.clusters().get(clusterId));
        assertEquals("Invalid access token.", e.getMessage());
        emulator.faults().tokenExpired(false);
        assertInstanceOf(String.class, client.clusters().get(clusterId).getClusterId());
    }
}
