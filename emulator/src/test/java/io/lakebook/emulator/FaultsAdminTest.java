package io.lakebook.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.core.error.platform.TemporarilyUnavailable;
import com.fasterxml.jackson.databind.JsonNode;
import io.lakebook.emulator.http.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fault switches of a separately started emulator, over HTTP on their own port: what a test or a person
 * switches on there is what the SDK then meets on the Databricks API.
 */
class FaultsAdminTest {
    private Emulator emulator;
    private String url;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        emulator = Emulator.builder().faultsPort(0).build().start();
        url = emulator.faultsUrl().orElseThrow();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFaultSwitchedOnOverHttpIsWhatTheSdkMeetsAndIsListedWithItsCount() throws Exception {
        WorkspaceClient client = new WorkspaceClient(Sdk.config(emulator, emulator.token()).setDisableRetries(true));

        HttpResponse<String> armed = send("POST", "", "{\"fault\": \"unavailable\", \"method\": \"GET\", \"path\": "
                + "\"/api/2.1/clusters/get\", \"times\": 1}", emulator.token());
        assertEquals(200, armed.statusCode(), armed.body());
        assertThrows(TemporarilyUnavailable.class, () -> client.clusters().get(emulator.defaultClusterId()));
        assertEquals(emulator.defaultClusterId(), client.clusters().get(emulator.defaultClusterId()).getClusterId());

        JsonNode listed = Json.MAPPER.readTree(send("GET", "", null, emulator.token()).body());
        assertEquals(1, listed.at("/rules/0/fired").asInt(), listed.toString());
        assertFalse(listed.at("/rules/0/active").asBoolean());
        send("POST", "/token-expired", "{\"expired\": true}", emulator.token());
        assertThrows(PermissionDenied.class, () -> client.clusters().get(emulator.defaultClusterId()));
        assertEquals(200, send("DELETE", "", null, emulator.token()).statusCode());
        assertEquals(emulator.defaultClusterId(), client.clusters().get(emulator.defaultClusterId()).getClusterId());
    }

    @Test
    void theSwitchesAskForTheEmulatorsTokenAndSayWhatIsWrong() throws Exception {
        HttpResponse<String> stranger = send("POST", "", "{\"fault\": \"cut\"}", "dapi-not-the-token");
        HttpResponse<String> unknown = send("POST", "", "{\"fault\": \"meteor\"}", emulator.token());
        HttpResponse<String> nowhere = send("POST", "/launch", "{}", emulator.token());

        assertEquals(401, stranger.statusCode());
        assertTrue(emulator.faults().rules().isEmpty(), "nothing was switched on");
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("unavailable, rate-limited, delay, drop, cut or trickle"), unknown.body());
        assertEquals(400, nowhere.statusCode());
        assertTrue(nowhere.body().contains("No fault switch at POST /faults/launch"), nowhere.body());
    }
}
