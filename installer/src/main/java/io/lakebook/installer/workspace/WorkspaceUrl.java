package io.lakebook.installer.workspace;

import io.lakebook.installer.UsageException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A workspace URL as the Databricks SDK needs it, {@code scheme://host[:port]}, from what a user pastes: often the
 * whole address bar of a page in the workspace, such as
 * {@code https://dbc-1234abcd-5678.cloud.databricks.com/browse?o=123}.
 *
 * <p>The {@code o=} parameter is the workspace id; the instance name (the host) already names the workspace, so it is
 * not needed for API calls (docs.databricks.com/aws/en/workspace/workspace-details, "Workspace instance names, URLs,
 * and IDs"); legacy regional URLs, which need it, are the ones that page says to avoid.
 *
 * @param host        {@code scheme://host[:port]}, lower-case, without a trailing slash
 * @param given       what the user passed
 * @param workspaceId the {@code o=} value, when the URL had one
 */
public record WorkspaceUrl(String host, String given, Optional<String> workspaceId) {
    private static final Pattern WORKSPACE_ID = Pattern.compile("(?:^|&)o=(\\d+)");

    /**
     * Parses {@code text}.
     *
     * @param flag the option it came from, for the message
     * @throws UsageException when it is not an http(s) URL with a host
     */
    public static WorkspaceUrl parse(String text, String flag) {
        String given = text.strip();
        URI uri;
        try {
            uri = new URI(given);
        } catch (URISyntaxException e) {
            throw invalid(flag, text);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw invalid(flag, text);
        }
        String host = scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        Optional<String> id = Optional.ofNullable(uri.getRawQuery()).map(WORKSPACE_ID::matcher)
                .filter(Matcher::find).map(m -> m.group(1));
        return new WorkspaceUrl(host, given, id);
    }

    /** Whether more than the workspace's own address was given (a page's path, a query, a fragment). */
    public boolean trimmed() {
        return !given.replaceAll("/+$", "").equals(host);
    }

    /** What to tell the user when the URL was trimmed; empty when nothing was. */
    public Optional<String> note() {
        if (!trimmed()) {
            return Optional.empty();
        }
        return Optional.of("Using the workspace URL " + host + " (from " + given + ": the page's path and query are "
                + "not part of it" + workspaceId.map(id -> "; o=" + id + " is the workspace id, which " + host
                + " already names").orElse("") + ").");
    }

    private static UsageException invalid(String flag, String text) {
        return new UsageException(flag + " must be the workspace URL starting with https://, got '" + text
                + "'; copy it from your browser's address bar when you are in Databricks");
    }
}
