package io.lakebook.core.remote;

import java.util.Optional;

/** Where a session runs: the workspace, the cluster and, once created, the execution context. */
public record SessionInfo(String host, String clusterId, Optional<String> contextId) {
}
