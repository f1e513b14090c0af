package io.lakebook.emulator.serving;

import java.util.List;

/**
 * The chat endpoints of a fresh emulated workspace: three Databricks pay-per-token foundation models and one
 * external model, each with usage tracking on and with the other gateway features an admin might have set, so that
 * a client that must keep them (the budget guard) can be seen to keep them.
 */
final class SeededEndpoints {
    static final String CLAUDE = "databricks-claude-sonnet-4-5";
    static final String LLAMA = "databricks-meta-llama-3-3-70b-instruct";
    static final String GPT_OSS = "databricks-gpt-oss-120b";
    static final String OPENAI = "openai-gpt-4o";
    private static final String CHAT = "llm/v1/chat";

    private SeededEndpoints() {
    }

    static List<ServingEndpoint> all(String creator, long now) {
        GatewayConfig.UsageTracking tracking = new GatewayConfig.UsageTracking(true);
        return List.of(
                new ServingEndpoint(CLAUDE, null, creator, now, now, CHAT, "Claude Sonnet 4.5, pay-per-token",
                        ServedModel.foundation("6f0c2a1e0b7d4c5e9a3f11d2c4b5a601", CLAUDE, "Claude Sonnet 4.5"),
                        new GatewayConfig(List.of(GatewayConfig.RateLimit.endpoint(600)), tracking,
                                new GatewayConfig.Guardrails(new GatewayConfig.GuardrailParameters(true,
                                        new GatewayConfig.Pii("BLOCK"), List.of("password"), null),
                                        new GatewayConfig.GuardrailParameters(null, new GatewayConfig.Pii("MASK"),
                                                null, null)), null, null)),
                new ServingEndpoint(LLAMA, null, creator, now, now, CHAT, "Meta Llama 3.3 70B Instruct, "
                        + "pay-per-token", ServedModel.foundation("0d9e4b7a2c1f4e8b8a6d3c2b1a0f9e02", LLAMA,
                        "Meta Llama 3.3 70B Instruct"),
                        new GatewayConfig(List.of(new GatewayConfig.RateLimit("user", null, 120L, null, "minute")),
                                tracking, null, new GatewayConfig.InferenceTable("main", "ai_logs", "llama", true),
                                null)),
                new ServingEndpoint(GPT_OSS, null, creator, now, now, CHAT, "GPT OSS 120B, pay-per-token",
                        ServedModel.foundation("a3b2c1d0e9f84a7b9c6d5e4f3a2b1c03", GPT_OSS, "GPT OSS 120B"),
                        new GatewayConfig(null, tracking, null, null, null)),
                new ServingEndpoint(OPENAI, "9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e04", creator, now, now, CHAT,
                        "GPT-4o through OpenAI", ServedModel.external("b7c6d5e4f3a24b1c9d0e8f7a6b5c4d05", "gpt-4o",
                        "openai", "gpt-4o"),
                        new GatewayConfig(null, tracking, null, null, new GatewayConfig.Fallback(true))));
    }
}
