package io.lakebook.emulator.inference;

import io.lakebook.emulator.http.ApiException;
import io.lakebook.emulator.http.ApiRequest;
import io.lakebook.emulator.http.ApiServer;
import io.lakebook.emulator.http.ErrorStyle;

/**
 * The OpenAI-compatible query paths of serving endpoints (reference §9.4): {@code POST
 * /serving-endpoints/{name}/invocations}, with no {@code /api/2.0} prefix, as the SDK's {@code query} sends it, and
 * {@code POST /serving-endpoints/chat/completions} with the endpoint as {@code model}, as an OpenAI client sends it.
 */
public final class InvocationsApi {
    private static final String BASE = "/serving-endpoints/";
    private static final String INVOCATIONS = "/invocations";

    private final Invocations invocations;

    public InvocationsApi(Invocations invocations) {
        this.invocations = invocations;
    }

    public void register(ApiServer server) {
        server.routePrefix("POST", BASE, ErrorStyle.STANDARD, this::invoke);
        server.route("POST", BASE + "chat/completions", ErrorStyle.STANDARD, request ->
                invocations.invoke(request.required("model"), request.caller(), request.body()));
    }

    private Object invoke(ApiRequest request) {
        String rest = request.path().substring(BASE.length());
        if (!rest.endsWith(INVOCATIONS) || rest.length() == INVOCATIONS.length()
                || rest.substring(0, rest.length() - INVOCATIONS.length()).contains("/")) {
            throw new ApiException(404, "ENDPOINT_NOT_FOUND", "No API found for '" + request.method() + " "
                    + request.path() + "'");
        }
        if (!request.body().isObject()) {
            throw ApiException.badRequest("The request needs a JSON body with messages or prompt.");
        }
        return invocations.invoke(rest.substring(0, rest.length() - INVOCATIONS.length()), request.caller(),
                request.body());
    }
}
