package io.lakebook.emulator.clusters;

import java.util.Map;

/** Why a cluster stopped, as {@code termination_reason} in ClusterDetails (reference §3.1). */
public record TerminationReason(String code, String type, Map<String, String> parameters) {

    static TerminationReason userRequest(String userName) {
        return new TerminationReason("USER_REQUEST", "SUCCESS", Map.of("username", userName));
    }

    static TerminationReason inactivity(int minutes) {
        return new TerminationReason("INACTIVITY", "SUCCESS",
                Map.of("inactivity_duration_min", Integer.toString(minutes)));
    }
}
