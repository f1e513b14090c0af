package io.lakebook.kernel.wire.shell;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * The end of a cell: {@code ok}, {@code error} (with the exception) or {@code aborted} (not run because an earlier
 * cell failed). Fields that do not apply to a status are null and left out of the JSON.
 */
public record ShellExecuteReply(@JsonProperty("status") String status,
                                @JsonProperty("execution_count") Integer executionCount,
                                @JsonProperty("payload") List<Object> payload,
                                @JsonProperty("user_expressions") Map<String, Object> userExpressions,
                                @JsonProperty("ename") String ename,
                                @JsonProperty("evalue") String evalue,
                                @JsonProperty("traceback") List<String> traceback) {

    public static ShellExecuteReply ok(int executionCount) {
        return new ShellExecuteReply("ok", executionCount, List.of(), Map.of(), null, null, null);
    }

    /** A successful reply carrying payloads, such as the pager text of {@code name?}. */
    public static ShellExecuteReply ok(int executionCount, List<Object> payload) {
        return new ShellExecuteReply("ok", executionCount, List.copyOf(payload), Map.of(), null, null, null);
    }

    public static ShellExecuteReply error(int executionCount, String ename, String evalue, List<String> traceback) {
        return new ShellExecuteReply("error", executionCount, List.of(), Map.of(), ename, evalue, traceback);
    }

    public static ShellExecuteReply aborted() {
        return new ShellExecuteReply("aborted", null, null, null, null, null, null);
    }
}
