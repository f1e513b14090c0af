package io.lakebook.goose.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One JSON-RPC 2.0 message from the client: a request when it has an id, a notification when it has none.
 *
 * @param id     the request id as sent (string or number), or null for a notification
 * @param method the method name
 * @param params the parameters, an empty object when none were sent
 */
public record Request(JsonNode id, String method, ObjectNode params) {

    /** Reads a message, or fails with the JSON-RPC error it deserves. */
    public static Request of(JsonNode message) {
        if (!(message instanceof ObjectNode object)) {
            throw new RpcError(RpcError.INVALID_REQUEST, message.isArray()
                    ? "JSON-RPC batches are not supported; send one message per line" : "A message must be an object");
        }
        if (!"2.0".equals(object.path("jsonrpc").asText())) {
            throw new RpcError(RpcError.INVALID_REQUEST, "The message lacks \"jsonrpc\": \"2.0\"");
        }
        JsonNode method = object.get("method");
        if (method == null || !method.isTextual()) {
            throw new RpcError(RpcError.INVALID_REQUEST, "The message has no method name");
        }
        JsonNode params = object.get("params");
        if (params != null && !params.isNull() && !params.isObject()) {
            throw new RpcError(RpcError.INVALID_PARAMS, "params must be an object");
        }
        JsonNode id = object.get("id");
        return new Request(id == null || id.isNull() ? null : id, method.asText(),
                params instanceof ObjectNode p ? p : JsonNodeFactory.instance.objectNode());
    }

    public boolean isNotification() {
        return id == null;
    }

    /** The request's {@code _meta} object, empty when not sent. */
    public JsonNode meta() {
        return params.path("_meta");
    }
}
