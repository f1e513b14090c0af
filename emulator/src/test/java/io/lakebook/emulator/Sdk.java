package io.lakebook.emulator;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.PatCredentialsProvider;

/** Clients of the emulator built the way lakebook's products build them: host URL and token only. */
final class Sdk {
    private Sdk() {
    }

    static WorkspaceClient client(Emulator emulator) {
        return client(emulator, emulator.token());
    }

    static WorkspaceClient client(Emulator emulator, String token) {
        return new WorkspaceClient(config(emulator, token));
    }

    static DatabricksConfig config(Emulator emulator, String token) {
        return new DatabricksConfig()
                .setHost(emulator.host())
                .setToken(token)
                .setCredentialsProvider(new PatCredentialsProvider())
                .setHttpTimeoutSeconds(30);
    }
}
