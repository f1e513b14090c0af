package io.lakebook.emulator.http;

import io.lakebook.emulator.EmulatorException;

/**
 * An error the emulator answers with, as Databricks would: an HTTP status, an error code (a string such as
 * {@code INVALID_PARAMETER_VALUE}, or a number for the authentication errors) and a message. The route's
 * {@link ErrorStyle} decides which envelope carries it.
 */
public class ApiException extends EmulatorException {
    private final int status;
    private final Object errorCode;

    public ApiException(int status, Object errorCode, String message) {
        super(message, false);
        this.status = status;
        this.errorCode = errorCode;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "INVALID_PARAMETER_VALUE", message);
    }

    public static ApiException invalidState(String message) {
        return new ApiException(400, "INVALID_STATE", message);
    }

    public int status() {
        return status;
    }

    public Object errorCode() {
        return errorCode;
    }
}
