package io.lakebook.installer.workspace;

import java.util.List;

/**
 * A serving endpoint Goose can chat with, and what its AI Gateway does to the calls.
 *
 * @param name          the endpoint name, which is the model name Goose sends
 * @param kind          {@code pay-per-token}, {@code external (PROVIDER)} or {@code custom}
 * @param usageTracking whether AI Gateway records each call in {@code system.serving.endpoint_usage}
 * @param rateLimits    the gateway's rate limits, as {@code user: 120 calls/minute}; empty when there are none
 * @param state         {@code READY} or {@code NOT_READY}
 */
public record ChatEndpoint(String name, String kind, boolean usageTracking, List<String> rateLimits, String state) {

    public ChatEndpoint {
        rateLimits = List.copyOf(rateLimits);
    }

    /** One sentence naming the chat endpoints, for a message that refuses another endpoint. */
    public static String listed(List<ChatEndpoint> endpoints) {
        if (endpoints.isEmpty()) {
            return "The workspace has no chat endpoint you can use; ask your workspace admin for one.";
        }
        return "The chat endpoints Goose can use: " + String.join(", ", endpoints.stream().map(ChatEndpoint::name)
                .toList()) + ".";
    }

    public Candidate asCandidate() {
        return new Candidate(name, name, state, kind + ", usage tracking " + (usageTracking ? "on" : "off")
                + ", rate limits " + (rateLimits.isEmpty() ? "off" : "on"));
    }
}
