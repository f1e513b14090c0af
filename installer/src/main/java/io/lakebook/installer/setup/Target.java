package io.lakebook.installer.setup;

import io.lakebook.installer.command.Console;
import io.lakebook.installer.kernelspec.JupyterDirs;
import io.lakebook.installer.kernelspec.KernelSpec;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code lakebook doctor} and {@code lakebook model} look at: the parts named on the command line, else those
 * the last install recorded, else the default places.
 *
 * @param record      the install record, when lakebook was installed
 * @param profile     the profile in {@code databricksConfig}
 * @param gooseConfig Goose's {@code config.yaml}
 * @param kernelSpec  the kernel spec file
 */
public record Target(Places places, Optional<InstallRecord> record, String profile, Path databricksConfig,
                     Path gooseConfig, Path kernelSpec) {

    public static Target resolve(Console console, Optional<String> profile, Optional<Path> gooseConfig,
                                 Optional<Path> jupyterDir) {
        Places places = Places.of(console);
        Optional<InstallRecord> record = Journal.read(places.record());
        String name = profile.or(() -> record.map(InstallRecord::profile))
                .or(() -> Optional.ofNullable(console.env().get("DATABRICKS_CONFIG_PROFILE")).filter(p -> !p.isBlank()))
                .orElse(InstallOptions.DEFAULT_PROFILE);
        Path config = record.map(InstallRecord::databricksConfig).map(Path::of).orElse(places.databricksConfig());
        Path goose = gooseConfig.or(() -> record.map(InstallRecord::gooseConfig).map(Path::of))
                .orElse(places.defaultGooseConfig());
        Path kernel = jupyterDir.map(KernelSpec::file).or(() -> record.map(InstallRecord::kernelSpec).map(Path::of))
                .orElseGet(() -> KernelSpec.file(JupyterDirs.userDataDir(console.env())));
        return new Target(places, record, name, config, goose, kernel);
    }
}
