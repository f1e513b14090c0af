package io.lakebook.core.remote;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.DefaultCredentialsProvider;
import com.databricks.sdk.core.PatCredentialsProvider;
import com.databricks.sdk.core.UserAgent;
import io.lakebook.core.Lakebook;
import io.lakebook.core.config.Settings;
import io.lakebook.core.error.NotConfiguredException;

import java.util.List;

/** Opens the SDK client for a workspace, the one way lakebook reaches Databricks. */
public final class Workspaces {

    /**
     * How long one HTTP call may take, unless the profile sets {@code http_timeout_seconds}. Every call lakebook
     * makes is answered at once by a healthy workspace (commands and statements are polled, never waited on), so a
     * call that hangs is a dead connection; the SDK's own default of 300 s would freeze a cell, and its interrupt,
     * for five minutes.
     */
    static final int HTTP_TIMEOUT_SECONDS = 60;

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
        if (config.getHttpTimeoutSeconds() == null) {
            config.setHttpTimeoutSeconds(HTTP_TIMEOUT_SECONDS);
        }
        String authType = config.getAuthType();
        // A caller that chose how to sign in (lakebook login renewing a saved login, say) keeps its choice.
        boolean sdkDefault = config.getCredentialsProvider() instanceof DefaultCredentialsProvider;
        // With a token and no other auth type named, the SDK's default chain would first try OAuth discovery
        // (several retried requests); naming the provider makes start-up one quick step.
        if (sdkDefault && config.getToken() != null && (authType == null
                || authType.equals(PatCredentialsProvider.PAT))) {
            config.setCredentialsProvider(new PatCredentialsProvider());
        } else if (sdkDefault && CachedLogin.AUTH_TYPE.equals(authType)) {
            config.setCredentialsProvider(new CachedLogin());
        }
        try {
            return new WorkspaceClient(config);
        } catch (DatabricksException e) {
            throw new NotConfiguredException("lakebook could not sign in to " + config.getHost() + ": "
                    + e.getMessage() + ". Consulted " + String.join("; ", consulted) + ". "
                    + Failures.signIn(config), e);
        }
    }
}
