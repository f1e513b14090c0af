package io.lakebook.installer.command;

import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksException;
import io.lakebook.core.error.NotConfiguredException;
import io.lakebook.installer.UsageException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The workspace {@code lakebook selftest --live} checks: its settings, and where the host and the credentials came
 * from, which the run's first lines and its report name.
 *
 * <p>The environment comes before the profile, field by field, even for a profile named with {@code --profile}:
 * the Databricks SDK reads the environment first and fills only what is still missing from the profile
 * ({@code ConfigLoader.resolve}), and the Databricks CLI does the same (github.com/databricks/cli/issues/1194).
 * lakebook keeps that order, as everywhere else, and says so when it sets a named profile aside.
 *
 * @param profile  the profile named with --profile or {@value SelftestCommand#ENV_PROFILE}
 * @param envHost  true when {@value SelftestCommand#ENV_HOST} gave the host
 * @param envToken true when {@value SelftestCommand#ENV_TOKEN} gave the token
 */
record SelftestWorkspace(DatabricksConfig config, Optional<String> profile, boolean envHost, boolean envToken) {

    private static final String HOST = SelftestCommand.ENV_HOST;
    private static final String TOKEN = SelftestCommand.ENV_TOKEN;
    private static final String PROFILE = SelftestCommand.ENV_PROFILE;

    /**
     * Resolves the workspace of {@code profileOption} (else {@value SelftestCommand#ENV_PROFILE}) and the
     * environment. A workspace must be named (a profile or {@value SelftestCommand#ENV_HOST}): a default profile
     * alone is not enough, so no run reaches a workspace the user did not mean.
     */
    static SelftestWorkspace resolve(String profileOption, Map<String, String> env) {
        Optional<String> profile = first(profileOption, env.get(PROFILE));
        Optional<String> host = first(env.get(HOST));
        Optional<String> token = first(env.get(TOKEN));
        if (profile.isEmpty() && host.isEmpty()) {
            throw new UsageException("--live needs a workspace: name a profile with --profile NAME (or " + PROFILE
                    + "), or set " + HOST + " and " + TOKEN);
        }
        DatabricksConfig config = new DatabricksConfig();
        first(env.get(SelftestCommand.ENV_CONFIG_FILE)).ifPresent(config::setConfigFile);
        profile.ifPresent(config::setProfile);
        host.ifPresent(config::setHost);
        token.ifPresent(t -> config.setToken(t).setAuthType("pat"));
        SelftestWorkspace workspace = new SelftestWorkspace(config, profile, host.isPresent(), token.isPresent());
        try {
            config.resolve();
        } catch (DatabricksException e) {
            throw new NotConfiguredException("lakebook could not read the settings of " + workspace.sources() + ": "
                    + e.getMessage() + ". Fix the profile, or sign in again with `databricks auth login`.", e);
        }
        if (first(config.getHost()).isEmpty()) {
            throw new NotConfiguredException("lakebook found no host in " + workspace.sources() + ": add "
                    + "`host = https://<workspace>` to profile [" + profile.orElse("DEFAULT") + "] of "
                    + configFile(config, env) + ", or set " + HOST + ".");
        }
        return workspace;
    }

    /** Where lakebook looked, for messages before signing in. */
    String sources() {
        List<String> sources = new ArrayList<>();
        profile.ifPresent(p -> sources.add("profile [" + p + "]"));
        if (envHost) {
            sources.add(HOST);
        }
        if (envToken) {
            sources.add(TOKEN);
        }
        return String.join(", ", sources);
    }

    /** Where the host and the credentials actually came from, e.g. {@code host from DATABRICKS_HOST, …}. */
    String signIn(DatabricksConfig signedIn) {
        String fromProfile = "profile [" + profile.orElse("DEFAULT") + "]";
        String hostFrom = envHost ? HOST : fromProfile;
        String credentials = envToken ? "token from " + TOKEN : "credentials from " + fromProfile
                + first(signedIn.getAuthType()).map(type -> " (auth type " + type + ")").orElse("");
        return "host from " + hostFrom + ", " + credentials;
    }

    /** What the user should know about a profile they named that the environment overrides. */
    Optional<String> note() {
        if (profile.isEmpty() || !envHost && !envToken) {
            return Optional.empty();
        }
        String named = "profile [" + profile.get() + "]";
        String order = " set in the environment come before a profile, field by field, as in the Databricks SDK "
                + "and CLI";
        if (envHost && envToken) {
            return Optional.of(named + " is not used: " + HOST + " and " + TOKEN + order + ". Unset them to check "
                    + named + ".");
        }
        String variable = envHost ? HOST : TOKEN;
        return Optional.of(named + " is used only for the " + (envHost ? "credentials" : "host") + ": " + variable
                + order.replace(" come ", " comes ") + ". Unset " + variable + " to use the profile's own.");
    }

    private static String configFile(DatabricksConfig config, Map<String, String> env) {
        return first(config.getConfigFile()).orElse(first(env.get("HOME")).map(h -> h + "/.databrickscfg")
                .orElse("~/.databrickscfg"));
    }

    private static Optional<String> first(String... values) {
        return Arrays.stream(values).filter(v -> v != null && !v.isBlank()).map(String::trim).findFirst();
    }
}
