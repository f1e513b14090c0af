package io.lakebook.emulator.identity;

import io.lakebook.emulator.http.ApiException;
import io.lakebook.emulator.http.ApiServer;
import io.lakebook.emulator.http.ErrorStyle;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Who the caller is and where to sign in: the discovery documents the SDK fetches on its own at start-up
 * (reference §1.2, §10.4) and the SCIM {@code Me} call (reference §8), which answers with the user the call's token
 * acts as.
 */
public final class IdentityApi {
    private final String origin;
    private final Function<String, ScimUser> me;

    public IdentityApi(String origin, ScimUser user) {
        this(origin, caller -> user);
    }

    public IdentityApi(String origin, Function<String, ScimUser> me) {
        this.origin = origin;
        this.me = me;
    }

    public void register(ApiServer server) {
        // reference §1.2: any non-200 is logged by the SDK and ignored; a 200 would make it adopt a workspace id.
        server.publicRoute("GET", "/.well-known/databricks-config", request -> {
            throw new ApiException(404, "NOT_FOUND", "No host metadata is published by this workspace");
        });
        server.publicRoute("GET", "/oidc/.well-known/oauth-authorization-server", request -> discovery());
        server.route("GET", "/api/2.0/preview/scim/v2/Me", ErrorStyle.STANDARD,
                request -> me.apply(request.caller()));
    }

    /** reference §10.4: the SDK reads only the two endpoints; the others are what an authorization server lists. */
    private Map<String, Object> discovery() {
        return Map.of(
                "issuer", origin + "/oidc",
                "authorization_endpoint", origin + "/oidc/v1/authorize",
                "token_endpoint", origin + "/oidc/v1/token",
                "jwks_uri", origin + "/oidc/jwks.json",
                "scopes_supported", List.of("all-apis", "offline_access", "sql"),
                "response_types_supported", List.of("code"),
                "grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials"),
                "code_challenge_methods_supported", List.of("S256"));
    }
}
