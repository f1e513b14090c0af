package io.lakebook.installer.login;

import com.databricks.sdk.core.CredentialsProvider;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.HeaderFactory;
import com.databricks.sdk.core.oauth.CachedTokenSource;
import com.databricks.sdk.core.oauth.FileTokenCache;
import com.databricks.sdk.core.oauth.OAuthClientUtils;
import com.databricks.sdk.core.oauth.OAuthHeaderFactory;
import com.databricks.sdk.core.oauth.OpenIDConnectEndpoints;
import com.databricks.sdk.core.oauth.SessionCredentialsTokenSource;
import com.databricks.sdk.core.oauth.Token;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code external-browser} login that {@code lakebook login} saved in the SDK's token cache, used without ever
 * opening a browser: the SDK's own provider falls back to a new browser sign-in when the saved one cannot be
 * renewed, which would leave {@code lakebook doctor} or an install in a container waiting for a browser that never
 * comes. This one fails instead, with {@link NotSignedInException}, and the caller says to run
 * {@code lakebook login}.
 *
 * <p>With {@code renewNow} the saved refresh token is used at once, which proves that the login will outlive its
 * current access token; the renewed tokens are saved back to the cache, as the SDK does on every renewal.
 */
public final class SavedLogin implements CredentialsProvider {
    private final boolean renewNow;

    public SavedLogin(boolean renewNow) {
        this.renewNow = renewNow;
    }

    @Override
    public String authType() {
        return LoginMethod.EXTERNAL_BROWSER.authType();
    }

    @Override
    public HeaderFactory configure(DatabricksConfig config) {
        Path cache = BrowserSignIn.cacheFile(config);
        Token saved = new FileTokenCache(cache).load();
        if (saved == null) {
            throw new NotSignedInException("No saved sign-in for " + config.getHost() + " on this machine.");
        }
        SessionCredentialsTokenSource renewal = new SessionCredentialsTokenSource(saved, config.getHttpClient(),
                tokenEndpoint(config), OAuthClientUtils.resolveClientId(config),
                OAuthClientUtils.resolveClientSecret(config), Optional.of(config.getEffectiveOAuthRedirectUrl()),
                Optional.of(new FileTokenCache(cache)));
        Token current = saved;
        if (renewNow && saved.getRefreshToken() != null) {
            try {
                current = renewal.getToken();
            } catch (DatabricksException e) {
                throw new NotSignedInException("The saved sign-in for " + config.getHost() + " has expired and "
                        + "cannot be renewed (" + e.getMessage() + ").", e);
            }
        }
        CachedTokenSource source = new CachedTokenSource.Builder(renewal).setToken(current).setAsyncDisabled(true)
                .build();
        return OAuthHeaderFactory.fromTokenSource(source);
    }

    /**
     * Whether the sign-in saved for {@code config} can be renewed without a browser: it has a refresh token. Without
     * one it ends when its access token expires.
     *
     * @return empty when nothing is saved
     */
    public static Optional<Renewal> renewal(DatabricksConfig config) {
        Token saved = new FileTokenCache(BrowserSignIn.cacheFile(config)).load();
        if (saved == null) {
            return Optional.empty();
        }
        return Optional.of(new Renewal(saved.getRefreshToken() != null && !saved.getRefreshToken().isBlank(),
                Optional.ofNullable(saved.getExpiry())));
    }

    /** What a saved sign-in says about its renewal: whether it can be renewed, and when its access token expires. */
    public record Renewal(boolean renewable, Optional<java.time.Instant> expires) {
    }

    private static String tokenEndpoint(DatabricksConfig config) {
        try {
            OpenIDConnectEndpoints endpoints = OAuthClientUtils.resolveOidcEndpoints(config);
            return endpoints.getTokenEndpoint();
        } catch (IOException e) {
            throw new NotSignedInException("The workspace " + config.getHost() + " did not say where to renew a "
                    + "sign-in (" + e.getMessage() + ").", e);
        }
    }

    /** No usable saved login; the message says why, and callers add which command signs in again. */
    public static final class NotSignedInException extends DatabricksException {
        NotSignedInException(String message) {
            super(message);
        }

        NotSignedInException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
