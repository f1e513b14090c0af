package io.lakebook.core.remote;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.core.error.platform.Unauthenticated;
import io.lakebook.core.error.ClusterUnavailableException;
import io.lakebook.core.error.LakebookException;
import io.lakebook.core.error.NotConfiguredException;
import io.lakebook.core.error.WorkspaceException;

import java.util.function.Supplier;

/** Turns the SDK's exceptions into lakebook's, with a message that says what to do next. */
public final class Failures {

    private Failures() {
    }

    public static <T> T call(Supplier<T> call, String doing) {
        try {
            return call.get();
        } catch (DatabricksException e) {
            throw explain(e, doing);
        }
    }

    public static LakebookException explain(DatabricksException e, String doing) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof Unauthenticated || e instanceof PermissionDenied && isTokenProblem(detail)) {
            return new NotConfiguredException("The workspace refused lakebook's credentials when trying to " + doing
                    + ": " + detail + " " + signInAgain(System.getenv()), e);
        }
        if (e instanceof PermissionDenied) {
            return new WorkspaceException("You do not have permission to " + doing + ": " + detail
                    + " Ask your workspace admin for access, or choose a cluster you may use.", e);
        }
        if (e instanceof ResourceDoesNotExist && doing.contains("cluster")) {
            return new ClusterUnavailableException("Could not " + doing + ": " + detail + ". Check the cluster id "
                    + "(DATABRICKS_CLUSTER_ID, the project file or your profile's cluster_id).", e);
        }
        if (!(e instanceof DatabricksError)) {
            // No answer from the workspace at all: a wrong host, a network problem, or retries used up.
            return new WorkspaceException("Could not reach the workspace to " + doing + ": " + detail + ". Check "
                    + "the host (DATABRICKS_HOST or the host in your profile) and that this machine can reach it.", e);
        }
        String status = ((DatabricksError) e).getStatusCode() > 0
                ? " (HTTP " + ((DatabricksError) e).getStatusCode() + ")" : "";
        return new WorkspaceException("Could not " + doing + status + ": " + detail, e);
    }

    static String signInAgain(java.util.Map<String, String> env) {
        String installed = env.get(io.lakebook.core.config.Settings.ENV_DEFAULT_PROFILE);
        if (installed != null && !installed.isBlank()) {
            return "Sign in again with `lakebook login --profile " + installed + "` (`lakebook doctor` checks the "
                    + "whole set-up).";
        }
        return "Sign in again (`databricks auth login --host <your-workspace>`), or fix DATABRICKS_TOKEN / the token "
                + "in your profile.";
    }

    private static boolean isTokenProblem(String detail) {
        String lower = detail.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("token") || lower.contains("credential") || lower.contains("authenticat");
    }
}
