package io.lakebook.emulator;

import static org.awaitility.Awaitility.await;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.CancelCommand;
import com.databricks.sdk.service.compute.Command;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.ContextStatus;
import com.databricks.sdk.service.compute.CreateContext;
import com.databricks.sdk.service.compute.DestroyContext;
import com.databricks.sdk.service.compute.Language;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * A notebook attached to a cluster, driven through the SDK's Command Execution API. It polls faster than the SDK's
 * own waiters (which sleep a second or more between polls) so the tests stay quick; one test per waiter checks
 * that the SDK waiters work too.
 */
final class Notebook {
    private static final Set<CommandStatus> TERMINAL =
            EnumSet.of(CommandStatus.FINISHED, CommandStatus.CANCELLED, CommandStatus.ERROR);

    final WorkspaceClient client;
    final String clusterId;
    final String contextId;

    private Notebook(WorkspaceClient client, String clusterId, String contextId) {
        this.client = client;
        this.clusterId = clusterId;
        this.contextId = contextId;
    }

    static Notebook attach(WorkspaceClient client, String clusterId) {
        String id = client.commandExecution()
                .create(new CreateContext().setClusterId(clusterId).setLanguage(Language.PYTHON))
                .getResponse().getId();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> client.commandExecution().contextStatus(clusterId, id).getStatus()
                        == ContextStatus.RUNNING);
        return new Notebook(client, clusterId, id);
    }

    String submit(String code) {
        return client.commandExecution().execute(new Command().setClusterId(clusterId).setContextId(contextId)
                .setLanguage(Language.PYTHON).setCommand(code)).getResponse().getId();
    }

    CommandStatusResponse run(String code) {
        return awaitEnd(submit(code));
    }

    CommandStatusResponse status(String commandId) {
        return client.commandExecution().commandStatus(clusterId, contextId, commandId);
    }

    CommandStatusResponse awaitEnd(String commandId) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> status(commandId), response -> TERMINAL.contains(response.getStatus()));
    }

    void awaitRunning(String commandId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> status(commandId).getStatus() == CommandStatus.RUNNING);
    }

    CancelCommand cancelOf(String commandId) {
        return new CancelCommand().setClusterId(clusterId).setContextId(contextId).setCommandId(commandId);
    }

    /** The process id of the context's Python, asked of Python itself. */
    long pid() {
        String text = run("import os\nos.getpid()").getResults().getData().toString();
        return Long.parseLong(text.substring(text.indexOf(':') + 1).trim());
    }

    void destroy() {
        client.commandExecution().destroy(new DestroyContext().setClusterId(clusterId).setContextId(contextId));
    }
}
