package io.lakebook.emulator.serving;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An endpoint's Mosaic AI Gateway settings, the body and the answer of
 * {@code PUT /api/2.0/serving-endpoints/{name}/ai-gateway} and the {@code ai_gateway} object of an endpoint
 * (reference §9.3). Field names are written in snake_case by {@link ServingJson}. A null part is absent: a PUT
 * replaces the whole configuration, so what the caller leaves out is gone afterwards (gateway-budgets §0.1).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GatewayConfig(List<RateLimit> rateLimits, UsageTracking usageTrackingConfig, Guardrails guardrails,
                            InferenceTable inferenceTableConfig, Fallback fallbackConfig) {

    public GatewayConfig {
        rateLimits = rateLimits == null ? null : List.copyOf(rateLimits);
    }

    /**
     * One rate limit. {@code key} is lowercase {@code endpoint}, {@code user}, {@code user_group} or
     * {@code service_principal}; {@code renewal_period} is only ever {@code minute} (reference §9.3).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RateLimit(String key, String principal, Long calls, Long tokens, String renewalPeriod) {

        public static RateLimit user(String email, long calls) {
            return new RateLimit("user", email, calls, null, "minute");
        }

        public static RateLimit group(String group, long calls) {
            return new RateLimit("user_group", group, calls, null, "minute");
        }

        public static RateLimit endpoint(long calls) {
            return new RateLimit("endpoint", null, calls, null, "minute");
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UsageTracking(Boolean enabled) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Guardrails(GuardrailParameters input, GuardrailParameters output) {
    }

    /** {@code pii.behavior} is {@code NONE}, {@code BLOCK} or {@code MASK}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GuardrailParameters(Boolean safety, Pii pii, List<String> invalidKeywords,
                                      List<String> validTopics) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pii(String behavior) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InferenceTable(String catalogName, String schemaName, String tableNamePrefix, Boolean enabled) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Fallback(Boolean enabled) {
    }

    /** The rate limits, never null. */
    public List<RateLimit> limits() {
        return rateLimits == null ? List.of() : rateLimits;
    }
}
