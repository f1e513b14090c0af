package io.lakebook.emulator.execution;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The {@code results} of a command (reference §2.6, SDK {@code compute/Results.java}), camelCase as all of 1.2.
 * Which fields are set depends on {@code resultType}: text → data; table → data, schema, isJsonSchema, truncated;
 * image → fileName; error → summary, cause. {@code pos} is internal to the SDK and never sent.
 */
public record CommandResults(
        String resultType,
        Object data,
        List<Map<String, Object>> schema,
        @JsonProperty("isJsonSchema") Boolean isJsonSchema,
        Boolean truncated,
        String fileName,
        List<String> fileNames,
        String summary,
        String cause) {

    /** An error the emulator itself reports for a command, e.g. when the context's Python process died. */
    public static CommandResults failure(String summary, String cause) {
        return new CommandResults("error", null, null, null, null, null, null, summary, cause);
    }
}
