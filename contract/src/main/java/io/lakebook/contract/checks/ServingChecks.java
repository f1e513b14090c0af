package io.lakebook.contract.checks;

import com.databricks.sdk.service.serving.AiGatewayConfig;
import com.databricks.sdk.service.serving.AiGatewayGuardrails;
import com.databricks.sdk.service.serving.AiGatewayInferenceTableConfig;
import com.databricks.sdk.service.serving.AiGatewayRateLimit;
import com.databricks.sdk.service.serving.AiGatewayRateLimitKey;
import com.databricks.sdk.service.serving.AiGatewayRateLimitRenewalPeriod;
import com.databricks.sdk.service.serving.AiGatewayUsageTrackingConfig;
import com.databricks.sdk.service.serving.EndpointStateReady;
import com.databricks.sdk.service.serving.FallbackConfig;
import com.databricks.sdk.service.serving.PutAiGatewayRequest;
import com.databricks.sdk.service.serving.PutAiGatewayResponse;
import com.databricks.sdk.service.serving.ServingEndpoint;
import com.databricks.sdk.service.serving.ServingEndpointDetailed;
import io.lakebook.contract.Check;
import io.lakebook.contract.Expect;
import io.lakebook.contract.Skipped;
import io.lakebook.contract.Source;
import io.lakebook.contract.Target;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Serving endpoints and their AI Gateway settings, which the budget guard reads and writes.
 * Reading is always done; writing only on the endpoint the user named, whose settings are put back afterwards.
 */
final class ServingChecks {

    private static final String AREA = "serving";
    /** A limit far above any real use, so that the moment it is in force throttles no one. */
    private static final long CALLS = 1_000_000L;

    private ServingChecks() {
    }

    static List<Check> checks() {
        return List.of(
                new Check(AREA, "the endpoint list names each endpoint with a documented ready state",
                        Source.documented(Docs.api("servingendpoints/list")), ServingChecks::listHasReadyStates),
                new Check(AREA, "get returns the endpoint with its state",
                        Source.documented(Docs.api("servingendpoints/get")), ServingChecks::getReturnsEndpoint),
                new Check(AREA, "PUT ai-gateway answers with the config it stored and get shows it; putting the old "
                        + "config back restores all of it (rate limits, usage tracking, guardrails, inference tables, "
                        + "fallbacks)", Source.documented(Docs.api("servingendpoints/putaigateway")),
                        ServingChecks::gatewayRoundTrip));
    }

    private static List<ServingEndpoint> endpoints(Target target) {
        List<ServingEndpoint> endpoints = new ArrayList<>();
        target.workspace().servingEndpoints().list().forEach(endpoints::add);
        return endpoints;
    }

    private static void listHasReadyStates(Target target) {
        List<ServingEndpoint> endpoints = endpoints(target);
        if (endpoints.isEmpty()) {
            throw Skipped.because("the workspace has no serving endpoints");
        }
        for (ServingEndpoint endpoint : endpoints) {
            Expect.present(endpoint.getName(), "an endpoint's name");
            Expect.present(endpoint.getState(), "state of " + endpoint.getName());
            // An undocumented spelling reads as null (reference §1.5).
            Expect.present(endpoint.getState().getReady(), "state.ready of " + endpoint.getName() + " (one of "
                    + List.of(EndpointStateReady.values()) + ")");
        }
    }

    private static void getReturnsEndpoint(Target target) {
        String name = target.options().gatewayEndpoint().orElseGet(() -> endpoints(target).stream().findFirst()
                .map(ServingEndpoint::getName).orElseThrow(() -> Skipped.because("the workspace has no serving "
                        + "endpoints")));
        ServingEndpointDetailed endpoint = target.workspace().servingEndpoints().get(name);
        Expect.equal(name, endpoint.getName(), "name");
        Expect.present(Expect.present(endpoint.getState(), "state").getConfigUpdate(), "state.config_update");
    }

    private static void gatewayRoundTrip(Target target) {
        String name = target.options().gatewayEndpoint().orElseThrow(() -> Skipped.because("changes an endpoint's "
                + "AI Gateway settings (and puts them back): name one you may change with --gateway-endpoint NAME"));
        AiGatewayConfig old = gateway(target, name);
        List<AiGatewayRateLimit> limits = new ArrayList<>(old.getRateLimits() == null ? List.of()
                : old.getRateLimits());
        limits.add(new AiGatewayRateLimit().setKey(AiGatewayRateLimitKey.USER).setPrincipal(target.userName())
                .setCalls(CALLS).setRenewalPeriod(AiGatewayRateLimitRenewalPeriod.MINUTE));
        Gateway expected = Gateway.of(old).withRateLimits(limits);
        try {
            PutAiGatewayResponse answer = target.workspace().servingEndpoints().putAiGateway(request(name, old)
                    .setRateLimits(limits));
            expected.expectSame(Gateway.of(answer), "the PUT's answer");
            expected.expectSame(Gateway.of(gateway(target, name)), "the config read back");
        } finally {
            target.workspace().servingEndpoints().putAiGateway(request(name, old));
        }
        Gateway.of(old).expectSame(Gateway.of(gateway(target, name)), "the config after putting the old one back");
    }

    /**
     * An AI Gateway config as the check compares it: the rate limits as a set, since their order carries no
     * meaning, and every other part as sent.
     */
    private record Gateway(Set<AiGatewayRateLimit> rateLimits, AiGatewayUsageTrackingConfig usageTracking,
                           AiGatewayGuardrails guardrails, AiGatewayInferenceTableConfig inferenceTables,
                           FallbackConfig fallbacks) {

        static Gateway of(AiGatewayConfig config) {
            return new Gateway(set(config.getRateLimits()), config.getUsageTrackingConfig(), config.getGuardrails(),
                    config.getInferenceTableConfig(), config.getFallbackConfig());
        }

        static Gateway of(PutAiGatewayResponse answer) {
            return new Gateway(set(answer.getRateLimits()), answer.getUsageTrackingConfig(), answer.getGuardrails(),
                    answer.getInferenceTableConfig(), answer.getFallbackConfig());
        }

        Gateway withRateLimits(Collection<AiGatewayRateLimit> limits) {
            return new Gateway(set(limits), usageTracking, guardrails, inferenceTables, fallbacks);
        }

        void expectSame(Gateway actual, String what) {
            Expect.equal(rateLimits, actual.rateLimits, "rate_limits in " + what);
            Expect.equal(usageTracking, actual.usageTracking, "usage_tracking_config in " + what);
            Expect.equal(guardrails, actual.guardrails, "guardrails in " + what);
            Expect.equal(inferenceTables, actual.inferenceTables, "inference_table_config in " + what);
            Expect.equal(fallbacks, actual.fallbacks, "fallback_config in " + what);
        }
    }

    private static AiGatewayConfig gateway(Target target, String name) {
        AiGatewayConfig config = target.workspace().servingEndpoints().get(name).getAiGateway();
        return config == null ? new AiGatewayConfig() : config;
    }

    /** A PUT of everything {@code config} holds: the PUT replaces the whole configuration (reference §9.3). */
    private static PutAiGatewayRequest request(String name, AiGatewayConfig config) {
        return new PutAiGatewayRequest().setName(name).setRateLimits(config.getRateLimits())
                .setUsageTrackingConfig(config.getUsageTrackingConfig()).setGuardrails(config.getGuardrails())
                .setInferenceTableConfig(config.getInferenceTableConfig())
                .setFallbackConfig(config.getFallbackConfig());
    }

    private static Set<AiGatewayRateLimit> set(Collection<AiGatewayRateLimit> limits) {
        return limits == null ? Set.of() : new HashSet<>(limits);
    }
}
