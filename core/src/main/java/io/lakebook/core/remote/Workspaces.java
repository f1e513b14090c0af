package io.lakebook.core.remote;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.PatCredentialsProvider;
import com.databricks.sdk.core.UserAgent;
import io.lakebook.core.Lakebook;
import io.lakebook.core.config.Settings;
import io.lakebook.core.error.NotConfiguredException;

import java.util.List;

/** Opens the SDK client for a workspace, the one way lakebook reaches Databricks. */
public final class Workspaces {

    private Workspaces() {
    }

    /**
     * A client for the workspace in {@code settings}, with lakebook's product name in the User-Agent.
     *
     * @throws NotConfiguredException when the SDK finds no usable credentials
     */
    public static WorkspaceClient connect(Settings settings) {
        return connect(settings.databricks(), settings.consulted());
    }

    /**
     * A client for the workspace {@code config} resolved to; {@code consulted} says where the settings came from,
     * for the message when signing in fails.
     */
    public static WorkspaceClient connect(DatabricksConfig config, List<String> consulted) {
        UserAgent.withProduct("lakebook", Lakebook.VERSION);
        String authType = config.getAuthType();
        // With a token and no other auth type named, the SDK's default chain would first try OAuth discovery
        // (several retried requests); naming the provider makes start-up one quick step.
        if (config.getToken() != null && (authType == null || authType.equals(PatCredentialsProvider.PAT))) {
            config.setCredentialsProvider(new PatCredentialsProvider());
        }
        try {
            return new WorkspaceClient(config);
        } catch (DatabricksException e) {
            throw new NotConfiguredException("lakebook could not sign in to " + config.getHost() + ": "
                    + e.getMessage() + ". Consulted " + String.join("; ", consulted)
                    + ". Sign in again with `databricks auth login --host " + config.getHost() + "`, or fix the token.", e);
        }
    }
}
