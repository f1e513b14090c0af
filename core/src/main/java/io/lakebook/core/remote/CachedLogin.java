package io.lakebook.core.remote;

import com.databricks.sdk.core.CredentialsProvider;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.HeaderFactory;
import com.databricks.sdk.core.oauth.ExternalBrowserCredentialsProvider;

/**
 * The Databricks SDK's {@code external-browser} login, as {@code lakebook login} leaves it in the SDK's token cache,
 * for processes nobody watches (the kernel, the MCP server, a notebook run). When the cached login can no longer be
 * renewed, the SDK falls back to a new browser sign-in, which in version 0.141.0 fails with a bare
 * NullPointerException unless {@code oauth_browser_auth_timeout} is set, and would otherwise wait for a browser no
 * one sees. Here that failure is reported as what it is, a login to renew, so the user is told the command.
 */
final class CachedLogin implements CredentialsProvider {
    static final String AUTH_TYPE = "external-browser";

    private final CredentialsProvider login = new ExternalBrowserCredentialsProvider();

    @Override
    public String authType() {
        return login.authType();
    }

    @Override
    public HeaderFactory configure(DatabricksConfig config) {
        try {
            return login.configure(config);
        } catch (DatabricksException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DatabricksException("the OAuth login for " + config.getHost() + " has expired and could not "
                    + "be renewed (" + e.getClass().getSimpleName() + " in the Databricks SDK's sign-in)", e);
        }
    }
}
