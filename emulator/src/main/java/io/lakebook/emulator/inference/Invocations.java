package io.lakebook.emulator.inference;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakebook.emulator.http.ApiException;
import io.lakebook.emulator.scim.Directory;
import io.lakebook.emulator.serving.GatewayConfig;
import io.lakebook.emulator.serving.ServingEndpoint;
import io.lakebook.emulator.serving.ServingEndpoints;
import io.lakebook.emulator.sql.EndpointUsage;
import io.lakebook.emulator.sql.SqlEngine;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Calls to the emulated chat models: each call is checked against the endpoint's rate limits, answered by a stand-in
 * model, and, when the endpoint's usage tracking is on (gateway-budgets §1.8), leaves one row in
 * {@code system.serving.endpoint_usage} with the caller as {@code requester} and the endpoint's served entity, so
 * it joins {@code system.serving.served_entities} (gateway-budgets §1.1, §1.2). Refused calls leave a row too, with
 * their status and no tokens: 429 rows are seen in real workspaces, whether they carry tokens is unconfirmed
 * (gateway-budgets §1.1).
 *
 * <p>The stand-in model answers with as many tokens as the request's {@code max_tokens} (default
 * {@value #DEFAULT_REPLY_TOKENS}); the prompt's tokens are estimated as (characters + 1) / 4, the rule Databricks
 * documents for models that return no counts (reference §9.4). Thread-safe.
 */
public final class Invocations {
    static final long DEFAULT_REPLY_TOKENS = 20;
    private static final int MAX_REPLY_WORDS = 2_000;

    private final ServingEndpoints endpoints;
    private final Directory directory;
    private final Supplier<SqlEngine> engine;
    private final Clock clock;
    private final RateLimiter limiter;
    private final AtomicLong calls = new AtomicLong();
    private volatile Refusal refusal = Refusal.TOO_MANY_REQUESTS;

    /**
     * How a refused call is answered. gateway-budgets §1.7: the body for a user-defined limit on a serving endpoint is
     * unconfirmed and is assumed to be 429 {@code REQUEST_LIMIT_EXCEEDED}, the default here; a limit of 0 set by
     * Databricks has been seen as 403 {@code PERMISSION_DENIED}, and a user-set 0 may answer the same, so tests can
     * choose that form for zero limits.
     */
    public enum Refusal { TOO_MANY_REQUESTS, PERMISSION_DENIED_FOR_ZERO }

    public Invocations(ServingEndpoints endpoints, Directory directory, Supplier<SqlEngine> engine, Clock clock) {
        this.endpoints = endpoints;
        this.directory = directory;
        this.engine = engine;
        this.clock = clock;
        this.limiter = new RateLimiter(clock);
    }

    /** Chooses how refused calls are answered (default {@link Refusal#TOO_MANY_REQUESTS}). */
    public void refuseWith(Refusal style) {
        this.refusal = style;
    }

    /** Calls answered or refused so far. */
    public long calls() {
        return calls.get();
    }

    /** Answers one chat or completion request to {@code endpointName} made by {@code caller}. */
    Map<String, Object> invoke(String endpointName, String caller, JsonNode body) {
        ServingEndpoint endpoint = endpoints.get(endpointName);
        GatewayConfig gateway = endpoints.gateway(endpointName);
        long inputChars = promptCharacters(body);
        calls.incrementAndGet();
        RateLimiter.Verdict verdict = limiter.admit(endpointName, caller, directory.groupsOf(caller),
                gateway.limits());
        if (!verdict.allowed()) {
            ApiException refused = refusal(endpointName, verdict);
            record(gateway, endpoint, caller, body, refused.status(), 0, 0, inputChars, 0);
            throw refused;
        }
        long outputTokens = Math.max(1, Math.min(1_000_000, body.path("max_tokens").asLong(DEFAULT_REPLY_TOKENS)));
        long inputTokens = (inputChars + 1) / 4;
        String reply = reply(outputTokens);
        limiter.addTokens(verdict, inputTokens + outputTokens);
        record(gateway, endpoint, caller, body, 200, inputTokens, outputTokens, inputChars, reply.length());
        return answer(endpointName, reply, inputTokens, outputTokens);
    }

    private ApiException refusal(String endpointName, RateLimiter.Verdict verdict) {
        if (refusal == Refusal.PERMISSION_DENIED_FOR_ZERO && verdict.zeroLimit()) {
            return new ApiException(403, "PERMISSION_DENIED", "PERMISSION_DENIED: The endpoint is temporarily "
                    + "disabled due to a rate limit of 0.");
        }
        return new ApiException(429, "REQUEST_LIMIT_EXCEEDED", "User defined rate limit(s) exceeded for endpoint: "
                + endpointName + ".");
    }

    private void record(GatewayConfig gateway, ServingEndpoint endpoint, String caller, JsonNode body, int status,
                        long inputTokens, long outputTokens, long inputChars, long outputChars) {
        if (gateway.usageTrackingConfig() == null || !Boolean.TRUE.equals(gateway.usageTrackingConfig().enabled())) {
            return;
        }
        Map<String, String> context = new LinkedHashMap<>();
        body.path("usage_context").fields().forEachRemaining(field -> context.put(field.getKey(),
                field.getValue().asText()));
        String clientRequestId = body.path("client_request_id").isTextual()
                ? body.path("client_request_id").asText() : null;
        engine.get().insertUsage(new EndpointUsage(UUID.randomUUID().toString(), clientRequestId, caller, status,
                clock.instant(), inputTokens, outputTokens, inputChars, outputChars, context,
                body.path("stream").asBoolean(false), endpoint.served().servedEntityId()));
    }

    private static long promptCharacters(JsonNode body) {
        if (body.path("messages").isArray()) {
            long chars = 0;
            for (JsonNode message : body.path("messages")) {
                chars += message.path("content").asText("").length();
            }
            return chars;
        }
        if (body.path("prompt").isTextual()) {
            return body.path("prompt").asText().length();
        }
        throw ApiException.badRequest("The request needs messages (chat) or prompt (completions).");
    }

    private static String reply(long tokens) {
        StringBuilder text = new StringBuilder("Answer");
        for (long i = 1; i < Math.min(tokens, MAX_REPLY_WORDS); i++) {
            text.append(" ok");
        }
        return text.append('.').toString();
    }

    /** reference §9.4: the OpenAI chat completion shape, {@code finish_reason} in snake case. */
    private Map<String, Object> answer(String endpointName, String reply, long inputTokens, long outputTokens) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", "chatcmpl-" + UUID.randomUUID().toString().replace("-", ""));
        answer.put("object", "chat.completion");
        answer.put("created", Instant.now(clock).getEpochSecond());
        answer.put("model", endpointName);
        answer.put("choices", List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", reply),
                "finish_reason", "stop")));
        answer.put("usage", Map.of("prompt_tokens", inputTokens, "completion_tokens", outputTokens,
                "total_tokens", inputTokens + outputTokens));
        return answer;
    }
}
