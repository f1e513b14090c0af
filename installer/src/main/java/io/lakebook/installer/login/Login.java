package io.lakebook.installer.login;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.service.iam.MeRequest;
import com.databricks.sdk.service.iam.User;
import io.lakebook.core.error.NotConfiguredException;
import io.lakebook.core.remote.Workspaces;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.configuration2.INIConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * Signs a user in to a workspace with OAuth U2M, once, for one profile of {@code ~/.databrickscfg}, and says who is
 * signed in. With the Databricks CLI installed the CLI runs the login and keeps the tokens
 * ({@code databricks auth login}); without it, databricks-sdk-java's own browser flow does, with the tokens in the
 * SDK's token cache. Either way no token is written into the profile, and the URL to open is printed, so the login
 * also works in a container with the callback port forwarded.
 *
 * <p>The profile itself (host, {@code auth_type = }{@link #method()}{@code .authType()}, cluster) is written by
 * {@code lakebook install}; {@link #signIn} then completes it. Not thread-safe: one login at a time.
 */
public final class Login {
    private final PrintStream out;
    private final Map<String, String> env;
    private final Optional<DatabricksCli> cli;

    /**
     * @param out where the URL to open and the progress go (the user's terminal)
     * @param env the environment to look in for the Databricks CLI ({@code PATH}, {@code DATABRICKS_CLI_PATH}) and a
     *            browser ({@code BROWSER}, {@code DISPLAY})
     */
    public Login(PrintStream out, Map<String, String> env) {
        this.out = Objects.requireNonNull(out, "out");
        this.env = Map.copyOf(env);
        this.cli = DatabricksCli.find(this.env);
    }

    /** How {@link #signIn} will sign in on this machine; its {@code authType()} belongs in the profile. */
    public LoginMethod method() {
        return cli.isPresent() ? LoginMethod.DATABRICKS_CLI : LoginMethod.EXTERNAL_BROWSER;
    }

    /**
     * Runs the browser login for {@code profile} of {@code configFile} against {@code host}, then checks it with the
     * workspace's current-user call and prints who is signed in. Blocks until the user has approved in a browser
     * (five minutes at most, unless the profile sets {@code oauth_browser_auth_timeout}).
     *
     * @throws LoginException when the login or the check fails; the message says what to do next
     */
    public SignedIn signIn(String host, String profile, Path configFile) {
        requireHttpHost(host);
        LoginMethod method = method();
        out.println("Signing in to " + host + " for profile [" + profile + "] with "
                + (method == LoginMethod.DATABRICKS_CLI ? "the Databricks CLI (" + cli.get().executable() + ")"
                : "the browser") + ".");
        if (method == LoginMethod.DATABRICKS_CLI) {
            cli.get().login(host, profile, configFile, out);
        } else {
            new BrowserSignIn(out, new BrowserOpener(env)).run(config(host, profile, configFile).resolve(), profile);
        }
        SignedIn signedIn = whoAmI(host, profile, configFile, method);
        out.println(signedIn.describe());
        warnIfProfileLooksElsewhere(profile, configFile, method);
        return signedIn;
    }

    /**
     * The file the SDK keeps this profile's login in, when lakebook signs in with the SDK's own browser flow (the
     * Databricks CLI keeps its logins itself); the profile must exist in {@code configFile}.
     */
    public Optional<Path> tokenCacheFile(String host, String profile, Path configFile) {
        if (method() != LoginMethod.EXTERNAL_BROWSER) {
            return Optional.empty();
        }
        return Optional.of(BrowserSignIn.cacheFile(config(host, profile, configFile).resolve()));
    }

    /**
     * Whether the login saved for {@code profile} can be renewed without a browser; empty when the Databricks CLI
     * keeps the login (it renews its own) or nothing is saved.
     */
    public Optional<SavedLogin.Renewal> renewal(String host, String profile, Path configFile) {
        if (method() != LoginMethod.EXTERNAL_BROWSER) {
            return Optional.empty();
        }
        return SavedLogin.renewal(config(host, profile, configFile).resolve());
    }

    /** A profile naming another auth type would make the kernel ignore this login; the user should know. */
    private void warnIfProfileLooksElsewhere(String profile, Path configFile, LoginMethod method) {
        Optional<String> authType = profileValue(profile, configFile, "auth_type");
        if (authType.isPresent() && !authType.get().equals(method.authType())) {
            out.println("Note: profile [" + profile + "] of " + configFile + " says auth_type = " + authType.get()
                    + ", so lakebook will not use this login. Set auth_type = " + method.authType()
                    + " there (`lakebook install` does).");
        } else if (authType.isEmpty() && method == LoginMethod.EXTERNAL_BROWSER) {
            out.println("Note: add auth_type = " + method.authType() + " to profile [" + profile + "] of "
                    + configFile + " so the kernel uses this login (`lakebook install` does).");
        }
    }

    private SignedIn whoAmI(String host, String profile, Path configFile, LoginMethod method) {
        try {
            return whoAmI(client(host, profile, configFile, method, false), host, profile, method);
        } catch (DatabricksException e) {
            throw new LoginException("The login finished, but " + host + " did not accept it when asked who is "
                    + "signed in: " + e.getMessage() + ". Run `lakebook login --profile " + profile + "` again.", e);
        }
    }

    /**
     * Who the login saved on this machine for {@code profile} signs in as, asked of the workspace without opening a
     * browser; empty when there is no saved login or the workspace refuses it, so the caller signs in again.
     */
    public Optional<SignedIn> saved(String host, String profile, Path configFile) {
        LoginMethod method = method();
        for (boolean renew : List.of(false, true)) {
            try {
                return Optional.of(whoAmI(client(host, profile, configFile, method, renew), host, profile, method));
            } catch (DatabricksException | NotConfiguredException e) {
                // An access token the workspace no longer accepts may still be renewed; a second try renews it.
                if (method != LoginMethod.EXTERNAL_BROWSER) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A client for the workspace through the login saved for {@code profile}, which never starts a browser sign-in;
     * with {@code renewNow} a saved OAuth login is renewed at once, proving that it can be.
     */
    public WorkspaceClient client(String host, String profile, Path configFile, boolean renewNow) {
        return client(host, profile, configFile, method(), renewNow);
    }

    private WorkspaceClient client(String host, String profile, Path configFile, LoginMethod method,
                                   boolean renewNow) {
        DatabricksConfig config = config(host, profile, configFile).setAuthType(method.authType());
        if (method == LoginMethod.DATABRICKS_CLI) {
            config.setDatabricksCliPath(cli.get().executable().toString());
        } else {
            config.setCredentialsProvider(new SavedLogin(renewNow));
        }
        return Workspaces.connect(config, List.of("profile [" + profile + "] of " + configFile));
    }

    private static SignedIn whoAmI(WorkspaceClient client, String host, String profile, LoginMethod method) {
        User me = client.currentUser().me(new MeRequest());
        String name = Optional.ofNullable(me.getUserName()).orElse("(unknown user)");
        String display = Optional.ofNullable(me.getDisplayName()).filter(s -> !s.isBlank()).orElse(name);
        return new SignedIn(host, profile, name, display, method);
    }

    /** The SDK settings for the login: the profile's own (client id, scopes, redirect URL) when it exists. */
    private static DatabricksConfig config(String host, String profile, Path configFile) {
        DatabricksConfig config = new DatabricksConfig().setHost(host).setConfigFile(configFile.toString());
        if (profileExists(profile, configFile)) {
            config.setProfile(profile);
        }
        return config;
    }

    static boolean profileExists(String profile, Path configFile) {
        return read(configFile).map(ini -> ini.getSections().contains(profile)).orElse(false);
    }

    /** The {@code host} of {@code profile} in {@code configFile}, for a re-login that names only the profile. */
    public static Optional<String> profileHost(String profile, Path configFile) {
        return profileValue(profile, configFile, "host");
    }

    private static Optional<String> profileValue(String profile, Path configFile, String key) {
        return read(configFile).filter(ini -> ini.getSections().contains(profile))
                .map(ini -> ini.getSection(profile).getString(key))
                .map(String::strip).filter(value -> !value.isEmpty());
    }

    private static Optional<INIConfiguration> read(Path configFile) {
        if (!Files.isRegularFile(configFile)) {
            return Optional.empty();
        }
        INIConfiguration ini = INIConfiguration.builder().build();
        try (Reader reader = Files.newBufferedReader(configFile)) {
            ini.read(reader);
            return Optional.of(ini);
        } catch (IOException | ConfigurationException e) {
            throw new LoginException("Cannot read " + configFile + " (" + e.getMessage() + "). Fix the file, or "
                    + "point DATABRICKS_CONFIG_FILE at another one.", e);
        }
    }

    private static void requireHttpHost(String host) {
        if (host == null || !(host.startsWith("https://") || host.startsWith("http://"))) {
            throw new LoginException("The workspace URL must start with https://, got '" + host + "'. Copy it from "
                    + "your browser's address bar when you are in the workspace, e.g. "
                    + "https://dbc-1234abcd-5678.cloud.databricks.com.");
        }
    }
}
