package io.lakebook.kernel.wire.shell;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;
import java.util.Objects;

/**
 * Run a cell. Absent flags take the spec's defaults; {@code silent} implies {@code store_history: false}.
 * See https://jupyter-client.readthedocs.io/en/stable/messaging.html#execute
 */
public record ShellExecuteRequest(@JsonProperty("code") String code,
                                  @JsonProperty("silent") Boolean silent,
                                  @JsonProperty("store_history") Boolean storeHistory,
                                  @JsonProperty("user_expressions") Map<String, Object> userExpressions,
                                  @JsonProperty("allow_stdin") Boolean allowStdin,
                                  @JsonProperty("stop_on_error") Boolean stopOnError) {
    public ShellExecuteRequest {
        Objects.requireNonNull(code, "execute_request without code");
        silent = silent != null && silent;
        storeHistory = !silent && (storeHistory == null || storeHistory);
        userExpressions = userExpressions == null ? Map.of() : userExpressions;
        allowStdin = allowStdin == null || allowStdin;
        stopOnError = stopOnError == null || stopOnError;
    }

    public static ShellExecuteRequest of(String code) {
        return new ShellExecuteRequest(code, null, null, null, null, null);
    }
}
