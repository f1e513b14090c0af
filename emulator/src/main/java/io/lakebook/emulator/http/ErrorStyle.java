package io.lakebook.emulator.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an API family writes its error bodies. Databricks has two: the 2.x envelope
 * {@code {"error_code": "...", "message": "..."}} and the Command Execution 1.2 envelope {@code {"error": "..."}};
 * the SCIM APIs answer with the SCIM error envelope (reference/databricks-api.md §1.3).
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
    },
    SCIM {
        @Override
        Map<String, Object> body(ApiException error) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("schemas", java.util.List.of("urn:ietf:params:scim:api:messages:2.0:Error"));
            body.put("detail", error.getMessage());
            body.put("status", String.valueOf(error.status()));
            return body;
        }
    };

    abstract Map<String, Object> body(ApiException error);
}
