package io.lakebook.emulator.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.lakebook.emulator.http.ApiException;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads and checks a {@code PUT …/ai-gateway} body (reference §9.3, gateway-budgets §1.6). Unknown top-level fields
 * are ignored with success, as users report of the real API; wrong enum values, a rate limit without a principal
 * where one is needed, and more entries than the cap are refused with 400 {@code INVALID_PARAMETER_VALUE}.
 */
final class GatewayRules {
    static final Set<String> KEYS = Set.of("endpoint", "user", "user_group", "service_principal");
    static final Set<String> PII = Set.of("NONE", "BLOCK", "MASK");

    private final int maxLimits;
    private final int maxGroupLimits;

    /**
     * @param maxLimits      rate limits per endpoint at most; Databricks documents 20 for AI Gateway endpoints
     *                       (gateway-budgets §0.3, whether it applies to this API is unconfirmed)
     * @param maxGroupLimits {@code user_group} limits per endpoint at most; documented as 5
     */
    GatewayRules(int maxLimits, int maxGroupLimits) {
        this.maxLimits = maxLimits;
        this.maxGroupLimits = maxGroupLimits;
    }

    GatewayConfig read(JsonNode body, GatewayConfig current) {
        GatewayConfig config;
        try {
            config = ServingJson.MAPPER.treeToValue(body, GatewayConfig.class);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Invalid AI Gateway configuration: " + e.getOriginalMessage());
        }
        config = withDefaultKeys(config);
        checkLimits(config.limits());
        checkGuardrails(config.guardrails());
        checkInferenceTable(config.inferenceTableConfig(), current == null ? null : current.inferenceTableConfig());
        return config;
    }

    /** An entry without a key is an endpoint-wide limit (the API's default key). */
    private static GatewayConfig withDefaultKeys(GatewayConfig config) {
        if (config.rateLimits() == null) {
            return config;
        }
        List<GatewayConfig.RateLimit> limits = config.rateLimits().stream().map(limit -> limit.key() != null ? limit
                : new GatewayConfig.RateLimit("endpoint", limit.principal(), limit.calls(), limit.tokens(),
                        limit.renewalPeriod())).toList();
        return new GatewayConfig(limits, config.usageTrackingConfig(), config.guardrails(),
                config.inferenceTableConfig(), config.fallbackConfig());
    }

    private void checkLimits(List<GatewayConfig.RateLimit> limits) {
        for (GatewayConfig.RateLimit limit : limits) {
            checkLimit(limit);
        }
        if (limits.size() > maxLimits) {
            throw ApiException.badRequest("An endpoint can have at most " + maxLimits + " rate limits; the request "
                    + "has " + limits.size() + ". Remove some, or limit a group instead of its members.");
        }
        long groups = limits.stream().filter(limit -> limit.key().equals("user_group")).count();
        if (groups > maxGroupLimits) {
            throw ApiException.badRequest("An endpoint can have at most " + maxGroupLimits + " user_group rate "
                    + "limits; the request has " + groups + ".");
        }
    }

    private static void checkLimit(GatewayConfig.RateLimit limit) {
        if (!KEYS.contains(limit.key())) {
            throw ApiException.badRequest("Invalid rate limit key '" + limit.key() + "'. Use one of endpoint, user, "
                    + "user_group, service_principal.");
        }
        if (!"minute".equals(limit.renewalPeriod())) {
            throw ApiException.badRequest("Invalid renewal_period '" + limit.renewalPeriod() + "' in a rate limit. "
                    + "The only renewal period is minute.");
        }
        if (limit.calls() == null && limit.tokens() == null) {
            throw ApiException.badRequest("A rate limit needs calls or tokens.");
        }
        if (limit.calls() != null && limit.calls() < 0 || limit.tokens() != null && limit.tokens() < 0) {
            throw ApiException.badRequest("Rate limit calls and tokens must be zero or more.");
        }
        boolean named = limit.principal() != null && !limit.principal().isBlank();
        if (limit.key().equals("endpoint") && named) {
            throw ApiException.badRequest("A rate limit with key endpoint applies to everyone and takes no principal.");
        }
        if ((limit.key().equals("user_group") || limit.key().equals("service_principal")) && !named) {
            throw ApiException.badRequest("A rate limit with key " + limit.key() + " needs a principal.");
        }
    }

    private static void checkGuardrails(GatewayConfig.Guardrails guardrails) {
        if (guardrails == null) {
            return;
        }
        for (GatewayConfig.GuardrailParameters side : java.util.Arrays.asList(guardrails.input(),
                guardrails.output())) {
            if (side != null && side.pii() != null && !PII.contains(side.pii().behavior())) {
                throw ApiException.badRequest("Invalid guardrail pii behavior '" + side.pii().behavior()
                        + "'. Use one of NONE, BLOCK, MASK.");
            }
        }
    }

    /** The inference table's names cannot change while it is enabled (SDK javadoc, gateway-budgets §1.8). */
    private static void checkInferenceTable(GatewayConfig.InferenceTable next, GatewayConfig.InferenceTable now) {
        if (next == null || now == null || !Boolean.TRUE.equals(now.enabled())
                || !Boolean.TRUE.equals(next.enabled())) {
            return;
        }
        if (!Objects.equals(next.catalogName(), now.catalogName())
                || !Objects.equals(next.schemaName(), now.schemaName())
                || !Objects.equals(next.tableNamePrefix(), now.tableNamePrefix())) {
            throw ApiException.badRequest("The inference table's catalog, schema and prefix cannot change while it "
                    + "is enabled. Disable it first, then set the new names.");
        }
    }
}
