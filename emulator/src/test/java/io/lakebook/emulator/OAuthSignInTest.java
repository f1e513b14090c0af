package io.lakebook.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.core.oauth.Consent;
import com.databricks.sdk.core.oauth.ExternalBrowserCredentialsProvider;
import com.databricks.sdk.core.oauth.FileTokenCache;
import com.databricks.sdk.core.oauth.OAuthClient;
import com.databricks.sdk.core.oauth.SessionCredentials;
import com.databricks.sdk.core.oauth.Token;
import com.databricks.sdk.service.compute.ListClustersRequest;
import com.databricks.sdk.service.iam.MeRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OAuth U2M against the emulator (reference §10.4, §10.5): databricks-sdk-java's own consent and token exchange, with
 * the test in the browser's place, and the wire format of the authorize and token endpoints.
 */
class OAuthSignInTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REDIRECT = "http://localhost:8020";
    private static Emulator shared;
    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private Emulator emulator;
    private Emulator own;

    @TempDir
    Path home;

    @BeforeAll
    static void startShared() {
        shared = Emulator.builder().build().start();
    }

    @AfterAll
    static void stopShared() {
        shared.close();
    }

    @AfterEach
    void stopOwn() {
        if (own != null) {
            own.close();
        }
    }

    /** The shared emulator for hour-long tokens; one of its own for a test that needs them to expire quickly. */
    private void start(Duration tokenLifetime) {
        if (tokenLifetime.equals(Duration.ofHours(1))) {
            emulator = shared;
        } else {
            own = Emulator.builder().oauthTokenLifetime(tokenLifetime).build().start();
            emulator = own;
        }
    }

    @Test
    void sdkSignInGivesATokenEveryApiAccepts() throws Exception {
        start(Duration.ofHours(1));
        Consent consent = sdkClient().initiateConsent();

        SessionCredentials credentials = consent.exchangeCallbackParameters(approve(consent.getAuthUrl()));
        WorkspaceClient client = new WorkspaceClient(config().setCredentialsProvider(credentials));

        assertEquals("analyst@example.com", client.currentUser().me(new MeRequest()).getUserName());
        assertTrue(client.clusters().list(new ListClustersRequest()).iterator().hasNext());
        assertTrue(emulator.oauth().grantTypes().contains("authorization_code"), "a code was exchanged");
    }

    @Test
    void authorizeRedirectsToTheLoopbackCallbackWithCodeAndState() throws Exception {
        start(Duration.ofHours(1));
        HttpResponse<String> response = get(authorizeUrl("verifier-one-verifier-one-verifier-one-43chars", "s-1"));

        assertEquals(302, response.statusCode());
        String location = response.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(REDIRECT + "?code="), location);
        assertEquals("s-1", query(location).get("state"));
    }

    @Test
    void tokenEndpointChecksTheCodeVerifier() throws Exception {
        start(Duration.ofHours(1));
        String code = query(location(authorizeUrl("the-right-verifier-the-right-verifier-xyz", "s"))).get("code");

        HttpResponse<String> wrong = tokenCall("grant_type=authorization_code&code=" + code
                + "&code_verifier=another-verifier-another-verifier-another&redirect_uri=" + REDIRECT
                + "&client_id=databricks-cli");

        assertEquals(400, wrong.statusCode());
        assertEquals("invalid_grant", JSON.readTree(wrong.body()).get("error").asText());
        assertTrue(JSON.readTree(wrong.body()).get("error_description").asText().contains("PKCE"), wrong.body());
    }

    @Test
    void aCodeIsSpentByItsFirstExchange() throws Exception {
        start(Duration.ofHours(1));
        String verifier = "one-time-code-verifier-one-time-code-verifier";
        String code = query(location(authorizeUrl(verifier, "s"))).get("code");
        String form = "grant_type=authorization_code&code=" + code + "&code_verifier=" + verifier + "&redirect_uri="
                + REDIRECT + "&client_id=databricks-cli";

        HttpResponse<String> first = tokenCall(form);
        HttpResponse<String> second = tokenCall(form);

        assertEquals(200, first.statusCode(), first.body());
        JsonNode token = JSON.readTree(first.body());
        assertEquals("Bearer", token.get("token_type").asText());
        assertEquals(3600, token.get("expires_in").asInt());
        assertTrue(token.hasNonNull("refresh_token"), first.body());
        assertEquals(400, second.statusCode());
        assertEquals("invalid_grant", JSON.readTree(second.body()).get("error").asText());
    }

    @Test
    void authorizeWithoutPkceSendsTheBrowserBackWithAnError() throws Exception {
        start(Duration.ofHours(1));
        String location = location(emulator.host() + "/oidc/v1/authorize?response_type=code&client_id=databricks-cli"
                + "&redirect_uri=" + REDIRECT + "&scope=all-apis&state=s2");

        Map<String, String> answer = query(location);
        assertEquals("invalid_request", answer.get("error"));
        assertEquals("s2", answer.get("state"));
        assertTrue(!answer.containsKey("code"), location);
    }

    @Test
    void aRedirectAwayFromTheLoopbackIsRefusedOnThePage() throws Exception {
        start(Duration.ofHours(1));
        HttpResponse<String> response = get(emulator.host() + "/oidc/v1/authorize?response_type=code"
                + "&client_id=databricks-cli&redirect_uri=https://attacker.example/cb&code_challenge=x"
                + "&code_challenge_method=S256");

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("loopback redirect_uri"), response.body());
    }

    @Test
    void anExpiredAccessTokenIsRefusedAndTheRefreshTokenRenewsIt() throws Exception {
        start(Duration.ofHours(1));
        JsonNode first = signInRaw();
        emulator.oauth().expireAccessTokens();

        PermissionDenied denied = assertThrows(PermissionDenied.class, () -> new WorkspaceClient(
                Sdk.config(emulator, first.get("access_token").asText())).currentUser().me(new MeRequest()));
        HttpResponse<String> renewed = tokenCall("grant_type=refresh_token&refresh_token="
                + first.get("refresh_token").asText() + "&client_id=databricks-cli");

        assertEquals("Invalid access token.", denied.getMessage());
        assertEquals(200, renewed.statusCode(), renewed.body());
        String fresh = JSON.readTree(renewed.body()).get("access_token").asText();
        assertNotEquals(first.get("access_token").asText(), fresh);
        assertEquals("analyst@example.com",
                Sdk.client(emulator, fresh).currentUser().me(new MeRequest()).getUserName());
    }

    /** reference §10.4: the description the Go SDK reads as "sign in again". */
    @Test
    void aRevokedRefreshTokenIsAnInvalidGrant() throws Exception {
        start(Duration.ofHours(1));
        JsonNode first = signInRaw();
        emulator.oauth().revokeRefreshTokens();

        HttpResponse<String> response = tokenCall("grant_type=refresh_token&refresh_token="
                + first.get("refresh_token").asText() + "&client_id=databricks-cli");

        assertEquals(400, response.statusCode());
        assertEquals("invalid_grant", JSON.readTree(response.body()).get("error").asText());
        assertEquals("Refresh token is invalid", JSON.readTree(response.body()).get("error_description").asText());
    }

    /** The SDK's external-browser provider finds its cached login expired and refreshes it without a browser. */
    @Test
    void theSdkRefreshesAnExpiredCachedLogin() throws Exception {
        start(Duration.ofSeconds(1));
        Consent consent = sdkClient().initiateConsent();
        Token token = consent.exchangeCallbackParameters(approve(consent.getAuthUrl()))
                .configure(config().resolve()).getToken();
        FileTokenCache cache = new FileTokenCache(home.resolve("token-cache.json"));
        cache.save(token);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> !emulator.oauth().isValid(token.getAccessToken()));

        WorkspaceClient client = new WorkspaceClient(config().setAuthType("external-browser")
                .setCredentialsProvider(new ExternalBrowserCredentialsProvider(cache)));

        assertEquals("analyst@example.com", client.currentUser().me(new MeRequest()).getUserName());
        List<String> grants = emulator.oauth().grantTypes();
        assertEquals("refresh_token", grants.get(grants.size() - 1));
        assertNotEquals(token.getAccessToken(), cache.load().getAccessToken());
    }

    private DatabricksConfig config() {
        return new DatabricksConfig().setHost(emulator.host()).setOAuthRedirectUrl(REDIRECT)
                .setHttpTimeoutSeconds(30);
    }

    private OAuthClient sdkClient() throws Exception {
        DatabricksConfig config = config().resolve();
        return new OAuthClient.Builder().withHttpClient(config.getHttpClient()).withHost(emulator.host())
                .withClientId("databricks-cli").withRedirectUrl(REDIRECT)
                .withScopes(List.of("all-apis", "offline_access"))
                .withOpenIDConnectEndpoints(config.getDatabricksOidcEndpoints()).build();
    }

    /** What the browser does: open the authorize URL, land on the callback, hand its query to the client. */
    private Map<String, String> approve(String authUrl) throws Exception {
        return query(location(authUrl));
    }

    private JsonNode signInRaw() throws Exception {
        String verifier = "raw-sign-in-verifier-raw-sign-in-verifier-1";
        String code = query(location(authorizeUrl(verifier, "s"))).get("code");
        HttpResponse<String> response = tokenCall("grant_type=authorization_code&code=" + code + "&code_verifier="
                + verifier + "&redirect_uri=" + REDIRECT + "&client_id=databricks-cli");
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private String authorizeUrl(String verifier, String state) {
        return emulator.host() + "/oidc/v1/authorize?response_type=code&client_id=databricks-cli&redirect_uri="
                + REDIRECT + "&scope=all-apis+offline_access&state=" + state + "&code_challenge="
                + io.lakebook.emulator.oauth.PkceForTests.challenge(verifier) + "&code_challenge_method=S256";
    }

    private String location(String url) throws Exception {
        HttpResponse<String> response = get(url);
        assertEquals(302, response.statusCode(), response.body());
        return response.headers().firstValue("Location").orElseThrow();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> tokenCall(String form) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.host() + "/oidc/v1/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return browser.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> query(String url) {
        Map<String, String> result = new HashMap<>();
        String raw = URI.create(url).getRawQuery();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            result.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return result;
    }
}
