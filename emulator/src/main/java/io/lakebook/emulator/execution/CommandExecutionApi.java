package io.lakebook.emulator.execution;

import io.lakebook.emulator.http.ApiException;
import io.lakebook.emulator.http.ApiRequest;
import io.lakebook.emulator.http.ApiServer;
import io.lakebook.emulator.http.ErrorStyle;
import java.util.List;

/**
 * The Command Execution API 1.2 (reference §2): camelCase parameters, the {@code {"error": ...}} envelope, and
 * Python as the only language an emulated cluster runs.
 */
public final class CommandExecutionApi {
    private static final List<String> LANGUAGES = List.of("python", "scala", "sql", "r");
    private static final String CLUSTER_ID = "clusterId";
    private static final String CONTEXT_ID = "contextId";
    private static final String COMMAND_ID = "commandId";

    private final ExecutionContexts contexts;

    public CommandExecutionApi(ExecutionContexts contexts) {
        this.contexts = contexts;
    }

    public void register(ApiServer server) {
        ErrorStyle style = ErrorStyle.COMMAND_EXECUTION;
        server.route("POST", "/api/1.2/contexts/create", style, this::createContext);
        server.route("GET", "/api/1.2/contexts/status", style, this::contextStatus);
        server.route("POST", "/api/1.2/contexts/destroy", style, this::destroyContext);
        server.route("POST", "/api/1.2/commands/execute", style, this::execute);
        server.route("GET", "/api/1.2/commands/status", style, this::commandStatus);
        server.route("POST", "/api/1.2/commands/cancel", style, this::cancel);
    }

    /** reference §2.2. The language is required: a context without one is refused rather than guessed. */
    private Created createContext(ApiRequest request) {
        String clusterId = request.required(CLUSTER_ID);
        requirePython(request.required("language"));
        return new Created(contexts.create(clusterId));
    }

    private ContextStatusResponse contextStatus(ApiRequest request) {
        String contextId = request.required(CONTEXT_ID);
        return new ContextStatusResponse(contextId, contexts.status(request.required(CLUSTER_ID), contextId));
    }

    /** reference §2.4: the SDK ignores the body; the legacy docs showed the context id, so that is sent. */
    private Created destroyContext(ApiRequest request) {
        String contextId = request.required(CONTEXT_ID);
        contexts.destroy(request.required(CLUSTER_ID), contextId);
        return new Created(contextId);
    }

    /** reference §2.5: answers with the command id at once; the command runs in the background. */
    private Created execute(ApiRequest request) {
        String clusterId = request.required(CLUSTER_ID);
        String contextId = request.required(CONTEXT_ID);
        // Unconfirmed (reference §2.5): a missing language is taken as the context's own, which is always python.
        request.optional("language").ifPresent(CommandExecutionApi::requirePython);
        String code = request.optional("command").orElse("");
        return new Created(contexts.execute(clusterId, contextId, code));
    }

    private CommandStatusResponse commandStatus(ApiRequest request) {
        return contexts.commandStatus(request.required(CLUSTER_ID), request.required(CONTEXT_ID),
                request.required(COMMAND_ID));
    }

    /** reference §2.7: Running → Cancelling → Cancelled; the body is ignored by the SDK. */
    private Created cancel(ApiRequest request) {
        String commandId = request.required(COMMAND_ID);
        contexts.cancel(request.required(CLUSTER_ID), request.required(CONTEXT_ID), commandId);
        return new Created(commandId);
    }

    private static void requirePython(String language) {
        if (!LANGUAGES.contains(language)) {
            throw ApiException.badRequest("Unknown language '" + language + "'; expected one of " + LANGUAGES);
        }
        if (!language.equals("python")) {
            throw ApiException.badRequest("Language '" + language + "' is not available on this cluster: the lakebook "
                    + "emulator runs python commands only");
        }
    }
}
