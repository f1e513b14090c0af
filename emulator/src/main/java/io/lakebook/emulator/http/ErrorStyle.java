package io.lakebook.emulator.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an API family writes its error bodies. Databricks has two: the 2.x envelope
 * {@code {"error_code": "...", "message": "..."}} and the Command Execution 1.2 envelope {@code {"error": "..."}}
 * (reference/databricks-api.md §1.3).
 */
public enum ErrorStyle {
    STANDARD {
        @Override
        Map<String, Object> body(ApiException error) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error_code", error.errorCode());
            body.put("message", error.getMessage());
            return body;
        }
    },
    COMMAND_EXECUTION {
        @Override
        Map<String, Object> body(ApiException error) {
            return Map.of("error", error.getMessage());
        }
    };

    abstract Map<String, Object> body(ApiException error);
}
