package io.lakebook.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.service.iam.MeRequest;
import com.databricks.sdk.service.iam.User;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IdentityAndAuthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Emulator emulator;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().build().start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void meReturnsTheSignedInAnalyst() {
        User me = Sdk.client(emulator).currentUser().me(new MeRequest());

        assertEquals("analyst@example.com", me.getUserName());
        assertTrue(me.getActive());
        assertEquals("analyst@example.com", me.getEmails().iterator().next().getValue());
    }

    @Test
    void defaultTokenLooksLikeAPersonalAccessToken() {
        assertTrue(emulator.token().matches("dapi[0-9a-f]{32}"), "token shape");
    }

    /** reference §1.3: 403 with a numeric error_code, which the SDK turns into PermissionDenied. */
    @Test
    void wrongTokenIsRejectedAsInvalidAccessToken() {
        PermissionDenied denied = assertThrows(PermissionDenied.class,
                () -> Sdk.client(emulator, "dapi-wrong").currentUser().me(new MeRequest()));

        assertEquals("Invalid access token.", denied.getMessage());
    }

    @Test
    void wrongTokenGetsTheNumericEnvelopeOnTheWire() throws Exception {
        HttpResponse<String> response = get("/api/2.1/clusters/list", "Bearer dapi-wrong");

        assertEquals(403, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertTrue(body.get("error_code").isInt(), "error_code is a number on the wire: " + body);
        assertEquals(403, body.get("error_code").asInt());
        assertEquals("Invalid access token.", body.get("message").asText());
    }

    @Test
    void missingTokenIsUnauthenticated() throws Exception {
        HttpResponse<String> response = get("/api/2.0/preview/scim/v2/Me", null);

        assertEquals(401, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(401, body.get("error_code").asInt());
        assertTrue(body.get("message").asText().startsWith("Credential was not sent"), body.toString());
    }

    @Test
    void errorsNeverEchoTheToken() throws Exception {
        HttpResponse<String> response = get("/api/2.1/clusters/get?cluster_id=nope", "Bearer " + emulator.token());

        assertEquals(400, response.statusCode());
        assertTrue(!response.body().contains(emulator.token()), response.body());
    }

    /** reference §1.2: the SDK asks for host metadata without auth; 404 makes it carry on with the PAT. */
    @Test
    void hostMetadataIsNotPublished() throws Exception {
        assertEquals(404, get("/.well-known/databricks-config", null).statusCode());
    }

    /** reference §10.4: the discovery document is public and names the authorize and token endpoints. */
    @Test
    void oidcDiscoveryNamesTheEndpointsWithoutAuth() throws Exception {
        HttpResponse<String> response = get("/oidc/.well-known/oauth-authorization-server", null);

        assertEquals(200, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(emulator.host() + "/oidc/v1/authorize", body.get("authorization_endpoint").asText());
        assertEquals(emulator.host() + "/oidc/v1/token", body.get("token_endpoint").asText());
    }

    @Test
    void unknownApiPathIsNotFoundWithAStandardEnvelope() throws Exception {
        HttpResponse<String> response = get("/api/2.0/no/such/thing", "Bearer " + emulator.token());

        assertEquals(404, response.statusCode());
        assertEquals("ENDPOINT_NOT_FOUND", JSON.readTree(response.body()).get("error_code").asText());
    }

    @Test
    void malformedBodyIsABadRequestNamingTheProblem() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.host() + "/api/2.1/clusters/start"))
                .header("Authorization", "Bearer " + emulator.token())
                .POST(HttpRequest.BodyPublishers.ofString("{not json"))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(400, response.statusCode());
        assertEquals("MALFORMED_REQUEST", JSON.readTree(response.body()).get("error_code").asText());
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.host() + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
