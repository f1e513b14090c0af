package io.lakebook.installer.setup;

import io.lakebook.installer.UsageException;
import io.lakebook.installer.profile.DatabricksCfg;
import io.lakebook.installer.workspace.WorkspaceUrl;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which profile of {@code ~/.databrickscfg} install writes the workspace into. A profile that already names another
 * workspace, or that signs in another way (a personal access token, a client secret), belongs to someone's other
 * set-up: lakebook does not take it over, and never puts an OAuth {@code auth_type} beside a token. In a terminal
 * it offers a profile of its own, named after the workspace; without one it stops before anything is changed and
 * names {@code --profile NAME}.
 */
final class ProfileChoice {
    /** Keys that sign in another way than the OAuth login lakebook sets up (reference/databricks-api.md §10.1). */
    private static final List<String> OTHER_CREDENTIALS = List.of("token", "password", "client_secret",
            "azure_client_secret", "google_credentials");
    private static final List<String> OAUTH_TYPES = List.of("external-browser", "databricks-cli");

    private ProfileChoice() {
    }

    /**
     * The profile to write {@code host} into: {@code wanted} unless it belongs to another set-up.
     *
     * @param prompter where to ask, or empty when nobody can answer
     */
    static String choose(String wanted, String host, Path file, Optional<Prompter> prompter) {
        DatabricksCfg cfg = DatabricksCfg.read(file);
        Optional<String> conflict = conflict(cfg, wanted, host);
        if (conflict.isEmpty()) {
            return wanted;
        }
        String suggestion = suggestion(cfg, host);
        if (prompter.isEmpty()) {
            throw new UsageException("profile [" + wanted + "] of " + file + " " + conflict.get() + ", and lakebook "
                    + "does not take over another set-up's profile. Nothing was changed. Pass --profile NAME for a "
                    + "profile of its own, for example --profile " + suggestion);
        }
        prompter.get().say("Profile [" + wanted + "] of " + file + " " + conflict.get() + "; lakebook leaves it as it "
                + "is and writes " + host + " into a profile of its own.");
        while (true) {
            String name = prompter.get().ask("Name of the new profile", suggestion);
            Optional<String> problem = nameProblem(name).or(() -> conflict(cfg, name, host).map(c -> "profile ["
                    + name + "] " + c));
            if (problem.isEmpty()) {
                return name;
            }
            prompter.get().say(problem.get() + "; type another name.");
        }
    }

    /** Why {@code profile} cannot take {@code host}; empty when it is new, or already this workspace's OAuth one. */
    static Optional<String> conflict(DatabricksCfg cfg, String profile, String host) {
        if (!cfg.hasProfile(profile)) {
            return Optional.empty();
        }
        Optional<String> existing = cfg.get(profile, "host");
        if (existing.isPresent() && !sameWorkspace(existing.get(), host)) {
            return Optional.of("is for " + existing.get() + ", not " + host);
        }
        Optional<String> credential = OTHER_CREDENTIALS.stream().filter(key -> cfg.get(profile, key).isPresent())
                .findFirst();
        if (credential.isPresent()) {
            return Optional.of("signs in with its " + credential.get() + " (lakebook signs in with OAuth and keeps "
                    + "no " + credential.get() + " beside it)");
        }
        Optional<String> authType = cfg.get(profile, "auth_type");
        if (authType.isPresent() && !OAUTH_TYPES.contains(authType.get())) {
            return Optional.of("signs in with auth_type = " + authType.get() + ", not with an OAuth browser login");
        }
        return Optional.empty();
    }

    /** A name derived from the workspace's host ({@code dbc-1234abcd-5678}), made unique in the file. */
    static String suggestion(DatabricksCfg cfg, String host) {
        URI uri = URI.create(host);
        String name = uri.getHost().matches("[0-9.]+") ? uri.getHost().replace('.', '-')
                : uri.getHost().split("\\.")[0];
        name = (name + (uri.getPort() >= 0 ? "-" + uri.getPort() : "")).toLowerCase(Locale.ROOT);
        String candidate = name;
        for (int n = 2; conflict(cfg, candidate, host).isPresent(); n++) {
            candidate = name + "-" + n;
        }
        return candidate;
    }

    private static boolean sameWorkspace(String existing, String host) {
        try {
            return WorkspaceUrl.parse(existing, "host").host().equals(host);
        } catch (UsageException e) {
            return false;
        }
    }

    private static Optional<String> nameProblem(String name) {
        if (name.isBlank() || !name.matches("[A-Za-z0-9._@-]+")) {
            return Optional.of("a profile name is letters, digits and . _ @ - only, got '" + name + "'");
        }
        return Optional.empty();
    }
}
