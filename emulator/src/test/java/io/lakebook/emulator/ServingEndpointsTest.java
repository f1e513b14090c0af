package io.lakebook.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.service.serving.AiGatewayConfig;
import com.databricks.sdk.service.serving.AiGatewayGuardrailPiiBehaviorBehavior;
import com.databricks.sdk.service.serving.AiGatewayRateLimit;
import com.databricks.sdk.service.serving.AiGatewayRateLimitKey;
import com.databricks.sdk.service.serving.AiGatewayRateLimitRenewalPeriod;
import com.databricks.sdk.service.serving.AiGatewayUsageTrackingConfig;
import com.databricks.sdk.service.serving.EndpointStateConfigUpdate;
import com.databricks.sdk.service.serving.EndpointStateReady;
import com.databricks.sdk.service.serving.ExternalModelProvider;
import com.databricks.sdk.service.serving.PutAiGatewayRequest;
import com.databricks.sdk.service.serving.PutAiGatewayResponse;
import com.databricks.sdk.service.serving.ServedEntityOutput;
import com.databricks.sdk.service.serving.ServedModelStateDeployment;
import com.databricks.sdk.service.serving.ServingEndpoint;
import com.databricks.sdk.service.serving.ServingEndpointDetailed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Serving endpoints and their AI Gateway settings (reference §9.1–9.3) through databricks-sdk-java. */
class ServingEndpointsTest {
    private static final String CLAUDE = "databricks-claude-sonnet-4-5";
    private static Emulator emulator;
    private static WorkspaceClient client;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().build().start();
        client = Sdk.client(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    /** reference §9.1: one call, READY / NOT_UPDATING, chat endpoints with their gateway settings. */
    @Test
    void listsTheSeededChatEndpointsWithTheirGatewaySettings() {
        List<ServingEndpoint> endpoints = StreamSupport.stream(client.servingEndpoints().list().spliterator(), false)
                .toList();
        assertEquals(List.of(CLAUDE, "databricks-meta-llama-3-3-70b-instruct", "databricks-gpt-oss-120b",
                "openai-gpt-4o"), endpoints.stream().map(ServingEndpoint::getName).toList());
        for (ServingEndpoint endpoint : endpoints) {
            assertEquals(EndpointStateReady.READY, endpoint.getState().getReady());
            assertEquals(EndpointStateConfigUpdate.NOT_UPDATING, endpoint.getState().getConfigUpdate());
            assertEquals("llm/v1/chat", endpoint.getTask());
            assertEquals(true, endpoint.getAiGateway().getUsageTrackingConfig().getEnabled());
        }
        ServingEndpoint openai = endpoints.get(3);
        assertEquals(ExternalModelProvider.OPENAI, openai.getConfig().getServedEntities().iterator().next()
                .getExternalModel().getProvider());
        assertEquals(true, openai.getAiGateway().getFallbackConfig().getEnabled());
        assertEquals(true, endpoints.get(1).getAiGateway().getInferenceTableConfig().getEnabled());
    }

    /** reference §9.2: the detailed endpoint, served entity deployed, guardrails and limits with exact enums. */
    @Test
    void getsOneEndpointWithGuardrailsAndRateLimits() {
        ServingEndpointDetailed endpoint = client.servingEndpoints().get(CLAUDE);
        ServedEntityOutput served = endpoint.getConfig().getServedEntities().iterator().next();
        assertEquals(ServedModelStateDeployment.DEPLOYMENT_READY, served.getState().getDeployment());
        assertEquals(CLAUDE, served.getFoundationModel().getName());
        AiGatewayConfig gateway = endpoint.getAiGateway();
        assertEquals(AiGatewayGuardrailPiiBehaviorBehavior.BLOCK, gateway.getGuardrails().getInput().getPii()
                .getBehavior());
        AiGatewayRateLimit limit = gateway.getRateLimits().iterator().next();
        assertEquals(AiGatewayRateLimitKey.ENDPOINT, limit.getKey());
        assertEquals(AiGatewayRateLimitRenewalPeriod.MINUTE, limit.getRenewalPeriod());
        assertEquals(600L, limit.getCalls());
        assertNull(endpoint.getId(), "pay-per-token endpoints come without an id (reference §9.1)");
    }

    @Test
    void unknownEndpointIsNotFound() {
        assertThrows(NotFound.class, () -> client.servingEndpoints().get("no-such-endpoint"));
    }

    /** gateway-budgets §0.1: the PUT replaces the whole configuration; what is left out is gone. */
    @Test
    void putReplacesTheWholeGatewayConfiguration() {
        String name = "databricks-gpt-oss-120b";
        AiGatewayRateLimit user = new AiGatewayRateLimit().setKey(AiGatewayRateLimitKey.USER)
                .setPrincipal("bo@example.com").setCalls(0L).setRenewalPeriod(AiGatewayRateLimitRenewalPeriod.MINUTE);
        PutAiGatewayResponse answer = client.servingEndpoints().putAiGateway(new PutAiGatewayRequest().setName(name)
                .setRateLimits(List.of(user)));
        assertEquals(List.of(user), new ArrayList<>(answer.getRateLimits()));
        AiGatewayConfig now = client.servingEndpoints().get(name).getAiGateway();
        assertEquals(List.of(user), new ArrayList<>(now.getRateLimits()));
        assertNull(now.getUsageTrackingConfig(), "usage tracking was not in the PUT, so it is off now");

        client.servingEndpoints().putAiGateway(new PutAiGatewayRequest().setName(name)
                .setUsageTrackingConfig(new AiGatewayUsageTrackingConfig().setEnabled(true)));
        assertNull(client.servingEndpoints().get(name).getAiGateway().getRateLimits());
    }

    /** gateway-budgets §0.3: 20 rate limits per endpoint at most, 5 of them for groups. */
    @Test
    void refusesMoreRateLimitsThanTheCap() {
        List<AiGatewayRateLimit> limits = IntStream.range(0, 21).mapToObj(i -> new AiGatewayRateLimit()
                .setKey(AiGatewayRateLimitKey.USER).setPrincipal("u" + i + "@example.com").setCalls(0L)
                .setRenewalPeriod(AiGatewayRateLimitRenewalPeriod.MINUTE)).toList();
        InvalidParameterValue error = assertThrows(InvalidParameterValue.class, () -> client.servingEndpoints()
                .putAiGateway(new PutAiGatewayRequest().setName("openai-gpt-4o").setRateLimits(limits)));
        assertTrue(error.getMessage().contains("at most 20 rate limits"), error.getMessage());
        List<AiGatewayRateLimit> groups = IntStream.range(0, 6).mapToObj(i -> new AiGatewayRateLimit()
                .setKey(AiGatewayRateLimitKey.USER_GROUP).setPrincipal("g" + i).setCalls(5L)
                .setRenewalPeriod(AiGatewayRateLimitRenewalPeriod.MINUTE)).toList();
        assertThrows(InvalidParameterValue.class, () -> client.servingEndpoints().putAiGateway(
                new PutAiGatewayRequest().setName("openai-gpt-4o").setRateLimits(groups)));
        assertEquals(true, client.servingEndpoints().get("openai-gpt-4o").getAiGateway().getFallbackConfig()
                .getEnabled(), "a refused PUT changes nothing");
    }

    /** reference §9.3: keys are lowercase on the wire; a wrong key or renewal period is a 400. */
    @Test
    void wireFormatIsLowercaseAndBadValuesAreRefused() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        JsonNode body = new ObjectMapper().readTree(send(http, "GET", "/api/2.0/serving-endpoints/" + CLAUDE, null)
                .body());
        assertEquals("endpoint", body.at("/ai_gateway/rate_limits/0/key").asText());
        assertEquals("minute", body.at("/ai_gateway/rate_limits/0/renewal_period").asText());
        HttpResponse<String> bad = send(http, "PUT", "/api/2.0/serving-endpoints/" + CLAUDE + "/ai-gateway",
                "{\"rate_limits\":[{\"key\":\"user\",\"principal\":\"a@b.com\",\"calls\":1,"
                        + "\"renewal_period\":\"hour\"}]}");
        assertEquals(400, bad.statusCode());
        assertEquals("INVALID_PARAMETER_VALUE", new ObjectMapper().readTree(bad.body()).path("error_code").asText());
    }

    private static HttpResponse<String> send(HttpClient http, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.host() + path))
                .header("Authorization", "Bearer " + emulator.token());
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
