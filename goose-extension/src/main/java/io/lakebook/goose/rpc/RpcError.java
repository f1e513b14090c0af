package io.lakebook.goose.rpc;

/**
 * A protocol fault answered with a JSON-RPC error: a malformed message, an unknown method, unknown tool or bad
 * parameters of a protocol method. A tool's own failure is never one of these; it is a result with {@code isError}.
 */
public final class RpcError extends RuntimeException {

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;

    private final int code;

    public RpcError(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
