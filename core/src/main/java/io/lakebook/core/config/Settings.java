package io.lakebook.core.config;

import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksException;
import io.lakebook.core.error.NotConfiguredException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where lakebook runs code: the workspace, how to sign in to it, and the cluster.
 *
 * <p>One precedence, field by field, environment first:
 * <ol>
 *   <li>the environment: {@code DATABRICKS_HOST}, {@code DATABRICKS_TOKEN} and the SDK's other variables,
 *       {@code DATABRICKS_CONFIG_PROFILE}, {@code DATABRICKS_CLUSTER_ID};</li>
 *   <li>the project file {@code .databricks/lakebook.json} (its {@code profile} and {@code cluster_id});</li>
 *   <li>the profile lakebook was installed with ({@value #ENV_DEFAULT_PROFILE}, set in the kernel spec and Goose's
 *       extension entry);</li>
 *   <li>the profile in {@code ~/.databrickscfg} (or {@code DATABRICKS_CONFIG_FILE}): the named profile, else the
 *       SDK's default one, read through databricks-sdk-java.</li>
 * </ol>
 *
 * @param databricks the SDK configuration, resolved (host and credentials)
 * @param clusterId  the cluster to run on
 * @param project    the project file, when one was found
 * @param consulted  what was looked at, in order, for messages; holds no secret
 * @param cellTimeout the longest a cell may run, when the user set a limit ({@value CellTimeout#ENV}, else the
 *                    project file's {@code cell_timeout}); no limit otherwise
 */
public record Settings(DatabricksConfig databricks, String clusterId, Optional<ProjectFile> project,
                       List<String> consulted, Optional<java.time.Duration> cellTimeout) {

    static final String ENV_CLUSTER = "DATABRICKS_CLUSTER_ID";
    static final String ENV_PROFILE = "DATABRICKS_CONFIG_PROFILE";
    /**
     * The profile {@code lakebook install} gives the kernel and the MCP server: used only when neither
     * {@value #ENV_PROFILE} nor the project file names one, so a project's own profile still wins.
     */
    public static final String ENV_DEFAULT_PROFILE = "LAKEBOOK_PROFILE";
    static final String ENV_CONFIG_FILE = "DATABRICKS_CONFIG_FILE";
    static final String ENV_HOST = "DATABRICKS_HOST";
    static final String ENV_TOKEN = "DATABRICKS_TOKEN";

    public Settings {
        consulted = List.copyOf(consulted);
    }

    /** The workspace URL, without a trailing slash. */
    public String host() {
        return databricks.getHost();
    }

    /** Resolves the settings for code run from {@code workingDirectory}, with the process environment. */
    public static Settings load(Path workingDirectory) {
        return load(workingDirectory, System.getenv());
    }

    /**
     * Resolves the settings with the given environment for lakebook's own variables; the SDK reads host and
     * credentials from the process environment itself.
     *
     * @throws NotConfiguredException naming what is missing, what was consulted and how to fix it
     */
    public static Settings load(Path workingDirectory, Map<String, String> env) {
        Optional<ProjectFile> project = ProjectFile.find(workingDirectory);
        List<String> consulted = new ArrayList<>();
        DatabricksConfig config = resolveConfig(env, profile(env, project), project, consulted);
        String clusterId = clusterId(env, project, config, consulted);
        return new Settings(config, clusterId, project, consulted, cellTimeout(env, project));
    }

    /**
     * The {@code ~/.databrickscfg} profile named by the environment or the project file, else the one lakebook was
     * installed with, if any.
     */
    static Optional<String> profile(Map<String, String> env, Optional<ProjectFile> project) {
        return firstOf(env.get(ENV_PROFILE), project.flatMap(ProjectFile::profile))
                .or(() -> firstOf(env.get(ENV_DEFAULT_PROFILE), Optional.empty()));
    }

    /** Host and credentials, resolved through the SDK; {@code consulted} gains what was looked at. */
    static DatabricksConfig resolveConfig(Map<String, String> env, Optional<String> profile,
                                                  Optional<ProjectFile> project, List<String> consulted) {
        DatabricksConfig config = new DatabricksConfig();
        // Host and token are applied from the given environment, so a caller's environment (the demo's) wins over
        // the process's; in normal use the two are the same.
        Optional.ofNullable(env.get(ENV_HOST)).filter(s -> !s.isBlank()).ifPresent(config::setHost);
        Optional.ofNullable(env.get(ENV_TOKEN)).filter(s -> !s.isBlank()).ifPresent(token -> config.setToken(token)
                .setAuthType(env.getOrDefault("DATABRICKS_AUTH_TYPE", "pat")));
        Optional.ofNullable(env.get(ENV_CONFIG_FILE)).ifPresent(config::setConfigFile);
        profile.ifPresent(config::setProfile);
        consulted.add("the environment (DATABRICKS_HOST, DATABRICKS_CLUSTER_ID, DATABRICKS_CONFIG_PROFILE)");
        consulted.add(project.map(p -> "the project file " + p.path()).orElse("no project file (.databricks/"
                + ProjectFile.FILE_NAME + " in this folder or above)"));
        consulted.add(profile.map(p -> "profile [" + p + "]").orElse("the default profile") + " in "
                + configFileName(env));
        Path file = ConfigFileCheck.path(env);
        String broken = ConfigFileCheck.brokenLine(file).map(line -> " " + line).orElse("");
        try {
            config.resolve();
        } catch (DatabricksException e) {
            if (profile.isPresent() && String.valueOf(e.getMessage()).contains("profile configured")) {
                throw unknownProfile(profile.get(), env, project, file, broken, e);
            }
            throw new NotConfiguredException("lakebook could not read your Databricks settings: " + e.getMessage()
                    + "." + broken + " Consulted " + String.join("; ", consulted) + ". " + signInAdvice(env,
                    "Fix the profile, or sign in again: `lakebook login" + profile.map(p -> " --profile " + p)
                    .orElse("") + "`."), e);
        }
        if (config.getHost() == null || config.getHost().isBlank()) {
            throw new NotConfiguredException("No Databricks workspace is configured. lakebook consulted "
                    + String.join("; ", consulted) + ", and none gave a host." + broken + " " + signInAdvice(env,
                    "Set DATABRICKS_HOST (and DATABRICKS_TOKEN), or sign in: `lakebook login" + profile.map(p ->
                    " --profile " + p).orElse("") + " --host https://<your-workspace>`."));
        }
        return config;
    }

    /** The profile asked for is not in the file: say who asked, which profiles there are, and how to add it. */
    private static NotConfiguredException unknownProfile(String profile, Map<String, String> env,
                                                         Optional<ProjectFile> project, Path file, String broken,
                                                         DatabricksException e) {
        String named = env.get(ENV_PROFILE) != null && !env.get(ENV_PROFILE).isBlank() ? ENV_PROFILE
                : project.flatMap(ProjectFile::profile).isPresent() ? "\"profile\" in " + project.get().path()
                : env.get(ENV_DEFAULT_PROFILE) != null ? "lakebook install (" + ENV_DEFAULT_PROFILE + ")"
                : "the settings";
        List<String> profiles = ConfigFileCheck.profiles(file);
        String there = !Files.exists(file) ? file + " does not exist"
                : profiles.isEmpty() ? file + " has no profiles" : "the profiles in " + file + " are "
                + String.join(", ", profiles);
        return new NotConfiguredException("Profile [" + profile + "], named by " + named + ", is not in " + file
                + "; " + there + "." + broken + " " + signInAdvice(env, "Name one of those, or add the profile by "
                + "signing in: `lakebook login --profile " + profile + " --host https://<your-workspace>`."), e);
    }

    /**
     * What to do when the workspace or the sign-in is missing: where {@code lakebook install} set this process up
     * (it carries {@value #ENV_DEFAULT_PROFILE}), the doctor and a new sign-in for that profile; otherwise
     * {@code otherwise}.
     */
    public static String signInAdvice(Map<String, String> env, String otherwise) {
        Optional<String> installed = firstOf(env.get(ENV_DEFAULT_PROFILE), Optional.empty());
        if (installed.isPresent()) {
            return "Run `lakebook doctor` in a terminal to see what is wrong, or sign in again with `lakebook login "
                    + "--profile " + installed.get() + "`.";
        }
        return otherwise;
    }

    private static String clusterId(Map<String, String> env, Optional<ProjectFile> project, DatabricksConfig config,
                                    List<String> consulted) {
        Optional<String> id = firstOf(env.get(ENV_CLUSTER), project.flatMap(ProjectFile::clusterId))
                .or(() -> Optional.ofNullable(config.getClusterId()).filter(s -> !s.isBlank()));
        return id.orElseThrow(() -> new NotConfiguredException("No cluster is configured for this notebook. "
                + "lakebook looked for a cluster id in " + String.join("; ", consulted) + ". Set "
                + ENV_CLUSTER + ", add \"cluster_id\" to .databricks/" + ProjectFile.FILE_NAME
                + ", or add `cluster_id = <id>` to your profile in " + configFileName(env) + "."));
    }

    private static Optional<java.time.Duration> cellTimeout(Map<String, String> env, Optional<ProjectFile> project) {
        String fromEnv = env.get(CellTimeout.ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return CellTimeout.parse(fromEnv, "the environment variable " + CellTimeout.ENV);
        }
        return project.flatMap(file -> file.cellTimeout().flatMap(text -> CellTimeout.parse(text,
                "\"cell_timeout\" of " + file.path())));
    }

    private static String configFileName(Map<String, String> env) {
        return Optional.ofNullable(env.get(ENV_CONFIG_FILE)).orElse("~/.databrickscfg");
    }

    private static Optional<String> firstOf(String fromEnv, Optional<String> fallback) {
        return Optional.ofNullable(fromEnv).filter(s -> !s.isBlank()).or(() -> fallback);
    }
}
