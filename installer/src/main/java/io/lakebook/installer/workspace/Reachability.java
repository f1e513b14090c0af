package io.lakebook.installer.workspace;

import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.oauth.OAuthClientUtils;
import io.lakebook.core.error.LakebookException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Whether a URL is a Databricks workspace that answers: its OAuth discovery document
 * ({@code /oidc/.well-known/oauth-authorization-server}), which every workspace serves without a sign-in
 * (reference/databricks-api.md §10.4), fetched through the Databricks SDK's own HTTP client.
 */
public final class Reachability {

    private Reachability() {
    }

    /**
     * Fetches the discovery document of {@code host} within {@code timeout}.
     *
     * @param configFile the {@code ~/.databrickscfg} the SDK reads its HTTP settings (proxy) from
     * @throws Unreachable naming what went wrong; callers add the fix
     */
    public static void check(String host, Path configFile, Duration timeout) {
        try {
            Bounded.call(host + " (its sign-in discovery, /oidc/.well-known/oauth-authorization-server)", timeout,
                    () -> {
                        DatabricksConfig config = new DatabricksConfig().setHost(host).setAuthType("external-browser")
                                .setConfigFile(configFile.toString())
                                .setHttpTimeoutSeconds((int) Math.max(1, timeout.toSeconds())).resolve();
                        return OAuthClientUtils.resolveOidcEndpoints(config);
                    });
        } catch (Bounded.TimedOut e) {
            throw new Unreachable(e.getMessage(), e);
        } catch (DatabricksException e) {
            throw new Unreachable(host + " does not answer as a Databricks workspace (" + e.getMessage() + ")", e);
        } catch (LakebookException e) {
            if (e.getCause() instanceof IOException io) {
                throw new Unreachable(host + " does not answer as a Databricks workspace (" + io.getMessage() + ")",
                        io);
            }
            throw e;
        }
    }

    /** The workspace did not answer; the message says how, without a fix (the caller knows which one applies). */
    public static final class Unreachable extends LakebookException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
