package io.lakebook.installer.setup;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code lakebook install} was asked to do.
 *
 * @param host         the workspace URL; empty to keep the profile's
 * @param profile      the profile in {@code ~/.databrickscfg}, when named ({@value #DEFAULT_PROFILE} otherwise)
 * @param clusterId    the cluster notebooks run on; empty to choose
 * @param warehouseId  the SQL warehouse for Goose's SQL tools; empty to choose
 * @param model        the serving endpoint Goose chats with; empty to choose
 * @param login        whether to sign in with the browser when no saved login works
 * @param kernel       whether to register the Jupyter kernel
 * @param goose        whether to wire Goose
 * @param jupyterDir   the Jupyter data directory for the kernel spec
 * @param gooseConfig  Goose's {@code config.yaml}; empty for the default place
 * @param yes          take the default for every choice instead of asking
 */
public record InstallOptions(Optional<String> host, Optional<String> profile, Optional<String> clusterId,
                             Optional<String> warehouseId, Optional<String> model, boolean login, boolean kernel,
                             boolean goose, Path jupyterDir, Optional<Path> gooseConfig, boolean yes) {
    public static final String DEFAULT_PROFILE = "DEFAULT";

    public String profileName() {
        return profile.orElse(DEFAULT_PROFILE);
    }
}
