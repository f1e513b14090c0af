package io.lakebook.contract.checks;

import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.oauth.OpenIDConnectEndpoints;
import com.databricks.sdk.core.oauth.TokenEndpointClient;
import io.lakebook.contract.Check;
import io.lakebook.contract.Expect;
import io.lakebook.contract.Source;
import io.lakebook.contract.Target;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * OAuth as {@code lakebook login} uses it (reference §10.4): the discovery document the SDK reads, and the token
 * endpoint's answer to a refresh token it never issued. Nothing here signs anyone in.
 */
final class OAuthChecks {

    private static final String AREA = "oauth";

    private OAuthChecks() {
    }

    static List<Check> checks() {
        return List.of(
                new Check(AREA, "discovery names the workspace's /oidc/v1/authorize and /oidc/v1/token",
                        Source.documented("https://docs.databricks.com/dev-tools/auth/oauth-u2m.html"),
                        OAuthChecks::discoveryNamesEndpoints),
                new Check(AREA, "the token endpoint refuses an unknown refresh token with an OAuth error",
                        Source.documented("https://datatracker.ietf.org/doc/html/rfc6749#section-5.2"),
                        OAuthChecks::unknownRefreshTokenRefused));
    }

    private static OpenIDConnectEndpoints endpoints(Target target) throws Exception {
        return Expect.present(target.workspace().config().getDatabricksOidcEndpoints(), "the discovery document");
    }

    private static void discoveryNamesEndpoints(Target target) throws Exception {
        OpenIDConnectEndpoints endpoints = endpoints(target);
        String origin = origin(target.host());
        Expect.equal(origin + "/oidc/v1/authorize", endpoints.getAuthorizationEndpoint(), "authorization_endpoint");
        Expect.equal(origin + "/oidc/v1/token", endpoints.getTokenEndpoint(), "token_endpoint");
    }

    private static void unknownRefreshTokenRefused(Target target) throws Exception {
        DatabricksConfig config = target.workspace().config();
        String tokenEndpoint = endpoints(target).getTokenEndpoint();
        DatabricksException refused = Expect.fails(DatabricksException.class, () -> TokenEndpointClient.requestToken(
                config.getHttpClient(), tokenEndpoint, Map.of("grant_type", "refresh_token", "refresh_token",
                        "lakebook-selftest-never-issued", "client_id", "databricks-cli")),
                "a refresh grant with a token the workspace never issued");
        String message = String.valueOf(refused.getMessage()).toLowerCase(Locale.ROOT);
        Expect.that(message.contains("invalid"), "the error says the grant is invalid: " + refused.getMessage());
    }

    /** {@code scheme://authority}, as the SDK keeps of a host (reference §1.1). */
    private static String origin(String host) {
        URI uri = URI.create(host);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
