package io.lakebook.installer.login;

import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.oauth.Consent;
import com.databricks.sdk.core.oauth.FileTokenCache;
import com.databricks.sdk.core.oauth.OAuthClient;
import com.databricks.sdk.core.oauth.OAuthClientUtils;
import com.databricks.sdk.core.oauth.Token;
import com.databricks.sdk.core.oauth.TokenCacheUtils;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * databricks-sdk-java's own U2M browser flow, run so that it also works where no browser can be opened: the SDK
 * builds the authorize URL (PKCE S256, state) and exchanges the code; lakebook prints the URL, receives the browser on
 * the loopback callback, and stores the tokens in the SDK's own token cache, where the SDK's {@code external-browser}
 * auth type finds and refreshes them later. No token is written anywhere else.
 */
final class BrowserSignIn {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    private static final String OFFLINE_ACCESS = "offline_access";

    private final PrintStream out;
    private final BrowserOpener browser;

    BrowserSignIn(PrintStream out, BrowserOpener browser) {
        this.out = out;
        this.browser = browser;
    }

    /** Runs the flow for {@code config} (host set, resolved) and returns where the tokens were cached. */
    Path run(DatabricksConfig config, String profile) {
        String redirect = config.getEffectiveOAuthRedirectUrl();
        try (LoopbackCallback callback = LoopbackCallback.listen(redirect, profile)) {
            Consent consent = client(config, redirect).initiateConsent();
            announce(consent.getAuthUrl());
            Map<String, String> answer = callback.await(timeout(config));
            if (answer.containsKey("error")) {
                throw new LoginException("The workspace refused the sign-in: " + answer.get("error") + " ("
                        + answer.getOrDefault("error_description", "no details") + "). Run `lakebook login --profile "
                        + profile + "` again, or ask your workspace admin whether you may sign in.");
            }
            Token token = consent.exchangeCallbackParameters(answer).configure(config).getToken();
            Path cache = cacheFile(config);
            new FileTokenCache(cache).save(token);
            return cache;
        } catch (IOException | DatabricksException e) {
            throw new LoginException("The sign-in to " + config.getHost() + " failed: " + e.getMessage()
                    + ". Check the workspace URL and run `lakebook login --profile " + profile + "` again.", e);
        }
    }

    /** The file the SDK's {@code external-browser} provider reads for this host, client and scopes. */
    static Path cacheFile(DatabricksConfig config) {
        return TokenCacheUtils.getCacheFilePath(config.getHost(), OAuthClientUtils.resolveClientId(config),
                config.getScopes());
    }

    private void announce(String url) {
        boolean opened = browser.open(url);
        out.println(opened ? "Your browser is open at the workspace's sign-in page. If it did not open, visit:"
                : "Open this URL in a browser on this machine to sign in:");
        out.println();
        out.println("  " + url);
        out.println();
        out.println("Waiting for the browser...");
        out.flush();
    }

    private static OAuthClient client(DatabricksConfig config, String redirect) throws IOException {
        List<String> scopes = new ArrayList<>(config.getScopes());
        // As the SDK's provider does: a refresh token keeps the login alive beyond the first hour.
        if (!config.getDisableOauthRefreshToken() && !scopes.contains(OFFLINE_ACCESS)) {
            scopes.add(OFFLINE_ACCESS);
        }
        return new OAuthClient.Builder().withHttpClient(config.getHttpClient()).withHost(config.getHost())
                .withClientId(OAuthClientUtils.resolveClientId(config))
                .withClientSecret(OAuthClientUtils.resolveClientSecret(config))
                .withRedirectUrl(redirect).withScopes(scopes)
                .withOpenIDConnectEndpoints(OAuthClientUtils.resolveOidcEndpoints(config)).build();
    }

    private static Duration timeout(DatabricksConfig config) {
        Duration configured = config.getOAuthBrowserAuthTimeout();
        return configured == null || configured.isZero() ? DEFAULT_TIMEOUT : configured;
    }
}
