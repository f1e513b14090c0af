package io.lakebook.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.platform.BadRequest;
import com.databricks.sdk.service.compute.Command;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.ContextStatus;
import com.databricks.sdk.service.compute.ContextStatusResponse;
import com.databricks.sdk.service.compute.CreateContext;
import com.databricks.sdk.service.compute.Language;
import com.databricks.sdk.service.compute.ResultType;
import com.databricks.sdk.service.compute.Results;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.emulator.http.RequestLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Command Execution API 1.2 on a running cluster (reference §2), through databricks-sdk-java. */
class CommandExecutionTest {
    private static Emulator emulator;
    private static WorkspaceClient client;
    private static String clusterId;
    private Notebook notebook;

    @BeforeAll
    static void startCluster() throws Exception {
        // /usr/bin/python3 carries pandas and matplotlib on lakebook's development machines (reference/toolchain.md).
        emulator = Emulator.builder().python(Path.of("/usr/bin/python3")).build().start();
        client = Sdk.client(emulator);
        clusterId = emulator.defaultClusterId();
        client.clusters().start(clusterId).get(Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void attach() {
        notebook = Notebook.attach(client, clusterId);
    }

    @AfterEach
    void detach() {
        if (emulator.liveContextIds(clusterId).contains(notebook.contextId)) {
            notebook.destroy();
        }
    }

    /** reference §2.9: create().get() waits for Running. */
    @Test
    void contextCreatedThroughTheSdkWaiterIsRunning() throws Exception {
        ContextStatusResponse created = client.commandExecution()
                .create(new CreateContext().setClusterId(clusterId).setLanguage(Language.PYTHON))
                .get(Duration.ofSeconds(30));

        assertEquals(ContextStatus.RUNNING, created.getStatus());
        assertTrue(created.getId().matches("\\d{19}"), created.getId());
        assertTrue(emulator.liveContextIds(clusterId).contains(created.getId()));
    }

    /** reference §2.9: execute().get() waits for Finished; a last expression shows as Out[n] (§2.6). */
    @Test
    void expressionValueComesBackAsOutLineThroughTheSdkWaiter() throws Exception {
        CommandStatusResponse done = client.commandExecution().execute(new Command().setClusterId(clusterId)
                .setContextId(notebook.contextId).setLanguage(Language.PYTHON).setCommand("6 * 7"))
                .get(Duration.ofSeconds(30));

        assertEquals(CommandStatus.FINISHED, done.getStatus());
        assertEquals(ResultType.TEXT, done.getResults().getResultType());
        assertEquals("Out[1]: 42", done.getResults().getData());
    }

    @Test
    void globalsAreKeptBetweenCommandsAndTheCounterAdvances() {
        notebook.run("rows = [1, 2, 3]");

        assertEquals("Out[2]: 6", notebook.run("sum(rows)").getResults().getData());
    }

    /** The request log, with which tests and the benchmark count a client's polls, names a status read's context. */
    @Test
    void theRequestLogNamesTheContextOfEveryCommandCallGetOrPost() {
        int mark = emulator.requests().size();

        notebook.run("1 + 1");

        List<RequestLog.Entry> calls = emulator.requests().subList(mark, emulator.requests().size()).stream()
                .filter(entry -> entry.path().startsWith("/api/1.2/commands/")).toList();
        assertTrue(calls.stream().anyMatch(entry -> entry.method().equals("GET")
                && entry.path().equals("/api/1.2/commands/status")), calls.toString());
        assertTrue(calls.stream().allMatch(entry -> entry.contextId().equals(notebook.contextId)), calls.toString());
    }

    @Test
    void printedTextComesBeforeTheOutLine() {
        Results results = notebook.run("print('hello')\nname = 'lake'\nname.upper()").getResults();

        assertEquals("hello\nOut[1]: 'LAKE'", results.getData());
    }

    @Test
    void statementsWithoutValueReturnOnlyWhatWasPrinted() {
        assertEquals("a\nb\n", notebook.run("print('a')\nimport sys\nprint('b', file=sys.stderr)\nx = None\nx")
                .getResults().getData());
    }

    /** User code writing to fd 1 from C or a subprocess must not break the protocol with the Python process. */
    @Test
    void outputWrittenBelowPythonDoesNotDisturbTheContext() {
        CommandStatusResponse noisy = notebook.run("import os\nos.write(1, b'{\"type\": \"done\"}\\n')\n"
                + "os.system('echo from a shell')\nprint('still here')");

        assertEquals("still here\n", noisy.getResults().getData());
        assertEquals("Out[2]: 2", notebook.run("1 + 1").getResults().getData());
    }

    /** reference §2.6: a user's exception is Finished with resultType error, an HTML summary and a traceback. */
    @Test
    void exceptionIsAnErrorResultWithSummaryAndTraceback() {
        CommandStatusResponse failed = notebook.run("print('printed' + ' early')\nx_undefined + 1");

        assertEquals(CommandStatus.FINISHED, failed.getStatus());
        Results results = failed.getResults();
        assertEquals(ResultType.ERROR, results.getResultType());
        assertEquals("<span class='ansi-red-fg'>NameError</span>: name 'x_undefined' is not defined",
                results.getSummary());
        assertTrue(results.getCause().contains("Traceback (most recent call last)"), results.getCause());
        assertTrue(results.getCause().contains("\u001b[0;31mNameError\u001b[0m: name 'x_undefined' is not defined"),
                results.getCause());
        assertTrue(results.getCause().contains("----> 2"), "points at the failing line: " + results.getCause());
        assertFalse(results.getCause().contains("printed early"), "only the traceback: " + results.getCause());
        assertFalse(results.getCause().contains("driver.py"), "no emulator frames: " + results.getCause());
    }

    @Test
    void summaryEscapesHtmlInTheMessage() {
        Results results = notebook.run("raise ValueError('<b> & co')").getResults();

        assertEquals("<span class='ansi-red-fg'>ValueError</span>: &lt;b&gt; &amp; co", results.getSummary());
    }

    @Test
    void syntaxErrorIsAnErrorResult() {
        Results results = notebook.run("x = (").getResults();

        assertEquals(ResultType.ERROR, results.getResultType());
        assertTrue(results.getSummary().startsWith("<span class='ansi-red-fg'>SyntaxError</span>: "),
                results.getSummary());
    }

    /** reference §2.6: a table keeps JSON types in rows and describes columns with a JSON schema. */
    @Test
    void displayOfDictsIsATableWithSchema() {
        Results results = notebook.run("display([{'id': 1, 'name': 'a', 'score': 0.5, 'ok': True},"
                + " {'id': 2, 'name': None, 'score': 2, 'ok': False}])").getResults();

        assertEquals(ResultType.TABLE, results.getResultType());
        assertEquals(List.of(List.of(1, "a", 0.5, true), java.util.Arrays.asList(2, null, 2.0, false)),
                results.getData());
        assertEquals(List.of(column("id", "long"), column("name", "string"), column("score", "double"),
                column("ok", "boolean")), List.copyOf(results.getSchema()));
        assertEquals(Boolean.TRUE, results.getIsJsonSchema());
        assertEquals(Boolean.FALSE, results.getTruncated());
    }

    @Test
    void displayOfAPandasDataFrameIsATable() {
        Results results = notebook.run(
                "import pandas as pd\ndf = pd.DataFrame({'city': ['Oslo', 'Lima'], 'people': [709000, 10000000]})\n"
                        + "display(df)").getResults();

        assertEquals(ResultType.TABLE, results.getResultType());
        assertEquals(List.of(List.of("Oslo", 709000), List.of("Lima", 10000000)), results.getData());
        assertEquals(List.of(column("city", "string"), column("people", "long")), List.copyOf(results.getSchema()));
    }

    @Test
    void bigTablesAreCutAtAThousandRowsAndMarkedTruncated() {
        Results results = notebook.run("display([{'n': n} for n in range(1500)])").getResults();

        assertEquals(1000, ((List<?>) results.getData()).size());
        assertEquals(Boolean.TRUE, results.getTruncated());
    }

    @Test
    void displayOfAMatplotlibFigureIsAPngImage() {
        Results results = notebook.run("import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\n"
                + "ax.plot([1, 2, 3], [3, 1, 2])\ndisplay(fig)").getResults();

        assertEquals(ResultType.IMAGE, results.getResultType());
        String prefix = "data:image/png;base64,";
        assertTrue(results.getFileName().startsWith(prefix), results.getFileName().substring(0, 40));
        byte[] png = Base64.getDecoder().decode(results.getFileName().substring(prefix.length()));
        assertEquals("\u0089PNG", new String(png, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void displayOfPngBytesIsAnImage() {
        Results results = notebook.run("import io\nimport matplotlib.pyplot as plt\nbuffer = io.BytesIO()\n"
                + "plt.figure().savefig(buffer, format='png')\ndisplay(buffer.getvalue())").getResults();

        assertEquals(ResultType.IMAGE, results.getResultType());
        assertTrue(results.getFileName().startsWith("data:image/png;base64,iVBORw0KGgo"), "PNG data URL");
    }

    @Test
    void lastDisplayDecidesTheResult() {
        Results results = notebook.run("display([{'a': 1}])\nprint('ignored')\ndisplay([{'b': 2}])").getResults();

        assertEquals(List.of(List.of(2)), results.getData());
    }

    /** reference §2.7, §2.9: cancel interrupts the running code; cancel().get() waits for Cancelled. */
    @Test
    void cancelInterruptsASleepAndKeepsTheContextUsable() throws Exception {
        notebook.run("kept = 'still here'");
        String sleeping = notebook.submit("import time\ntime.sleep(60)");
        notebook.awaitRunning(sleeping);

        long started = System.nanoTime();
        CommandStatusResponse cancelled = client.commandExecution().cancel(notebook.cancelOf(sleeping))
                .get(Duration.ofSeconds(30));

        assertEquals(CommandStatus.CANCELLED, cancelled.getStatus());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10, "cancel took too long");
        assertEquals("Out[3]: 'still here'", notebook.run("kept").getResults().getData());
    }

    @Test
    void cancelOfAQueuedCommandCancelsItBeforeItRuns() throws Exception {
        String sleeping = notebook.submit("import time\ntime.sleep(60)");
        notebook.awaitRunning(sleeping);
        String queued = notebook.submit("ran = True");

        assertEquals(CommandStatus.QUEUED, notebook.status(queued).getStatus());
        client.commandExecution().cancel(notebook.cancelOf(queued)).get(Duration.ofSeconds(10));
        client.commandExecution().cancel(notebook.cancelOf(sleeping)).get(Duration.ofSeconds(30));

        assertEquals(ResultType.ERROR, notebook.run("ran").getResults().getResultType(), "the queued code never ran");
    }

    @Test
    void cancelOfAFinishedCommandLeavesItFinished() {
        String done = notebook.submit("1");
        notebook.awaitEnd(done);

        client.commandExecution().cancel(notebook.cancelOf(done));

        assertEquals(CommandStatus.FINISHED, notebook.status(done).getStatus());
    }

    @Test
    void commandOnADestroyedContextFailsNamingTheContext() {
        notebook.destroy();

        BadRequest error = assertThrows(BadRequest.class, () -> notebook.submit("1"));

        assertTrue(error.getMessage().contains(notebook.contextId), error.getMessage());
        assertFalse(emulator.liveContextIds(clusterId).contains(notebook.contextId));
    }

    @Test
    void statusOfAnUnknownCommandIsABadRequest() {
        BadRequest error = assertThrows(BadRequest.class, () -> notebook.status("no-such-command"));

        assertTrue(error.getMessage().contains("no-such-command"), error.getMessage());
    }

    @Test
    void languagesOtherThanPythonAreRefusedWithAReason() {
        BadRequest error = assertThrows(BadRequest.class, () -> client.commandExecution()
                .create(new CreateContext().setClusterId(clusterId).setLanguage(Language.SCALA)));

        assertTrue(error.getMessage().contains("python"), error.getMessage());
    }

    /** reference §2.8: 500 with ClusterNotReadyException; retries off so the test need not wait for four tries. */
    @Test
    void contextOnATerminatedClusterIsRefusedAsNotReady() {
        String idle = emulator.clusters().add("idle");
        WorkspaceClient noRetries = new WorkspaceClient(Sdk.config(emulator, emulator.token()).setDisableRetries(true));

        DatabricksError error = assertThrows(DatabricksError.class, () -> noRetries.commandExecution()
                .create(new CreateContext().setClusterId(idle).setLanguage(Language.PYTHON)));

        assertEquals(500, error.getStatusCode());
        assertTrue(error.getMessage().contains("ClusterNotReadyException"), error.getMessage());
    }

    /** reference §1.3, §2.6: the 1.2 envelope on the wire, exact status spelling, no pos. */
    @Test
    void wireFormatUsesThe12EnvelopeAndSpellings() throws Exception {
        String id = notebook.submit("'x'");
        notebook.awaitEnd(id);

        JsonNode done = rawGet("/api/1.2/commands/status?clusterId=" + clusterId + "&contextId=" + notebook.contextId
                + "&commandId=" + id, 200);
        assertEquals("Finished", done.get("status").asText());
        assertEquals("text", done.get("results").get("resultType").asText());
        assertFalse(done.get("results").has("pos"), done.toString());
        JsonNode missing = rawGet("/api/1.2/contexts/status?clusterId=" + clusterId + "&contextId=123", 400);
        assertTrue(missing.get("error").asText().contains("123"), missing.toString());
        assertFalse(missing.has("error_code"), missing.toString());
    }

    private static Map<String, Object> column(String name, String type) {
        return Map.of("name", name, "type", "\"" + type + "\"", "metadata", "{}");
    }

    private static JsonNode rawGet(String path, int expectedStatus) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.host() + path))
                .header("Authorization", "Bearer " + emulator.token()).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, response.statusCode(), response.body());
        return new ObjectMapper().readTree(response.body());
    }
}
