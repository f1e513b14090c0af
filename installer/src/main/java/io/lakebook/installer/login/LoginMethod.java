package io.lakebook.installer.login;

/**
 * How lakebook signs a user in with OAuth U2M, named by the {@code auth_type} the profile must carry so that
 * databricks-sdk-java finds the login again (reference/databricks-api.md §10.3).
 */
public enum LoginMethod {
    /** {@code databricks auth login}; the CLI keeps the tokens and the SDK asks it for one on each start. */
    DATABRICKS_CLI("databricks-cli"),
    /** The SDK's own browser flow; the tokens live in the SDK's cache under {@code ~/.config/databricks-sdk-java}. */
    EXTERNAL_BROWSER("external-browser");

    private final String authType;

    LoginMethod(String authType) {
        this.authType = authType;
    }

    /** The value for {@code auth_type} in {@code ~/.databrickscfg}. */
    public String authType() {
        return authType;
    }
}
