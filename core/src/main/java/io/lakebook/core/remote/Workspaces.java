package io.lakebook.core.remote;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.PatCredentialsProvider;
import com.databricks.sdk.core.UserAgent;
import io.lakebook.core.Lakebook;
import io.lakebook.core.config.Settings;
import io.lakebook.core.error.NotConfiguredException;

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
        UserAgent.withProduct("lakebook", Lakebook.VERSION);
        DatabricksConfig config = settings.databricks();
        String authType = config.getAuthType();
        // With a token and no other auth type named, the SDK's default chain would first try OAuth discovery
        // (several retried requests); naming the provider makes start-up one quick step.
        if (config.getToken() != null && (authType == null || authType.equals(PatCredentialsProvider.PAT))) {
            config.setCredentialsProvider(new PatCredentialsProvider());
        }
        try {
            return new WorkspaceClient(config);
        } catch (DatabricksException e) {
            throw new NotConfiguredException("lakebook could not sign in to " + settings.host() + ": "
                    + e.getMessage() + ". Consulted " + String.join("; ", settings.consulted())
                    + ". Sign in again with `lakebook install --host " + settings.host() + "`.", e);
        }
    }
}
