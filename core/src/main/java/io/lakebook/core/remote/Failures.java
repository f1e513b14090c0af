package io.lakebook.core.remote;

import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.core.error.platform.Unauthenticated;
import io.lakebook.core.config.Settings;
import io.lakebook.core.error.ClusterUnavailableException;
import io.lakebook.core.error.LakebookException;
import io.lakebook.core.error.NotConfiguredException;
import io.lakebook.core.error.WorkspaceException;

import java.util.Locale;
import java.util.function.Supplier;

/** Turns the SDK's exceptions into lakebook's, with a message that says what to do next. */
public final class Failures {

    private Failures() {
    }

    public static <T> T call(Supplier<T> call, String doing) {
        return call(call, doing, null);
    }

    /** Runs {@code call}, explaining a failure with the sign-in advice that fits {@code config}. */
    public static <T> T call(Supplier<T> call, String doing, DatabricksConfig config) {
        try {
            return call.get();
        } catch (DatabricksException e) {
            throw explain(e, doing, config);
        }
    }

    /** A call that may wait, for example through an outage of the workspace ({@link Patience}). */
    @FunctionalInterface
    public interface Waiting<T> {
        T get() throws InterruptedException;
    }

    /** Runs {@code call} and explains its failure as {@link #call} does. */
    public static <T> T waiting(Waiting<T> call, String doing) throws InterruptedException {
        return waiting(call, doing, null);
    }

    public static <T> T waiting(Waiting<T> call, String doing, DatabricksConfig config) throws InterruptedException {
        try {
            return call.get();
        } catch (DatabricksException e) {
            throw explain(e, doing, config);
        }
    }

    public static LakebookException explain(DatabricksException e, String doing) {
        return explain(e, doing, null);
    }

    /**
     * The failure as the user should read it.
     *
     * @param config the client's settings, for the sign-in advice (which profile, token or OAuth); may be null
     */
    public static LakebookException explain(DatabricksException e, String doing, DatabricksConfig config) {
        if (!(e instanceof DatabricksError) && e.getCause() instanceof DatabricksError last
                && !"IO_ERROR".equals(last.getErrorCode()) && String.valueOf(e.getMessage()).contains("failed after")) {
            // The SDK's retries were used up on an answer (reference §1.4): that answer is what went wrong.
            LakebookException explained = explain(last, doing, config);
            return new WorkspaceException(explained.getMessage() + " (the same answer came four times)", e);
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof Unauthenticated || e instanceof PermissionDenied && isTokenProblem(detail)
                || !(e instanceof DatabricksError) && isSignInFailure(e)) {
            return new NotConfiguredException("The workspace refused lakebook's credentials when trying to " + doing
                    + ": " + detail + " " + signIn(config), e);
        }
        if (e instanceof PermissionDenied) {
            return new WorkspaceException("You do not have permission to " + doing + ": " + detail
                    + " Ask your workspace admin for access, or choose a cluster you may use.", e);
        }
        if (e instanceof ResourceDoesNotExist && doing.contains("cluster")) {
            return new ClusterUnavailableException("Could not " + doing + ": " + detail + ". Check the cluster id "
                    + "(DATABRICKS_CLUSTER_ID, the project file or your profile's cluster_id).", e);
        }
        if (!(e instanceof DatabricksError) || "IO_ERROR".equals(((DatabricksError) e).getErrorCode())) {
            if (Patience.isConnectionFailure(e) || Patience.classify(e) == Patience.Failure.PERMANENT) {
                // No answer from the workspace at all: a wrong host, a network problem, or retries used up.
                return new WorkspaceException("Could not reach the workspace to " + doing + ": " + Patience.detail(e)
                        + ". Check the host (DATABRICKS_HOST or the host in your profile) and that this machine can "
                        + "reach it.", e);
            }
            return new WorkspaceException("The connection to the workspace broke while trying to " + doing + ": "
                    + Patience.detail(e) + ". Try again; if it keeps happening, check the network (a proxy or VPN "
                    + "may cut connections).", e);
        }
        String status = ((DatabricksError) e).getStatusCode() > 0
                ? " (HTTP " + ((DatabricksError) e).getStatusCode() + ")" : "";
        return new WorkspaceException("Could not " + doing + status + ": " + detail, e);
    }

    /**
     * What to do when the workspace refuses the credentials: a refused token is replaced or traded for an OAuth
     * login, a lost OAuth login is signed in again, with lakebook's own command for the profile in use.
     */
    public static String signIn(DatabricksConfig config) {
        String profile = config == null ? null : config.getProfile();
        String login = "`lakebook login" + (profile == null || profile.isBlank() ? "" : " --profile " + profile)
                + "`";
        if (config != null && config.getToken() != null && !config.getToken().isBlank()) {
            String where = profile == null || profile.isBlank() ? "DATABRICKS_TOKEN"
                    : "DATABRICKS_TOKEN or the token of profile [" + profile + "]";
            return "The token may have expired or been revoked: create a new personal access token in the workspace "
                    + "(Settings > Developer > Access tokens) and put it in " + where + ", or sign in with OAuth "
                    + "instead: " + login + ".";
        }
        return Settings.signInAdvice(System.getenv(), "Sign in again: " + login + ".");
    }

    private static boolean isTokenProblem(String detail) {
        String lower = detail.toLowerCase(Locale.ROOT);
        return lower.contains("token") || lower.contains("credential") || lower.contains("authenticat");
    }

    /** The SDK could not get a token at all: an OAuth refresh refused, a login missing from its cache. */
    private static boolean isSignInFailure(DatabricksException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String text = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            if (text.contains("invalid_grant") || text.contains("refresh token") || text.contains("oauth")
                    || text.contains("default auth") || text.contains("cannot configure")) {
                return true;
            }
        }
        return false;
    }
}
