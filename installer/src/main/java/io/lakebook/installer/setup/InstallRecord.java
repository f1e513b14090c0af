package io.lakebook.installer.setup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code lakebook install} set up for this user, kept in {@link Places#record()}: where each part went, for
 * {@code lakebook doctor} and {@code lakebook model}, and every value it changed in a file of the user's, with what
 * was there before, so that {@code lakebook uninstall} takes back exactly that and nothing else.
 *
 * @param version          the record's format, {@value #VERSION}
 * @param host             the workspace URL
 * @param profile          the profile in {@code databricksConfig}
 * @param databricksConfig the {@code ~/.databrickscfg} the profile is in
 * @param java             the {@code java} the kernel spec and Goose start
 * @param jar              the installed jar
 * @param launcher         the {@code lakebook} command written, when install wrote one
 * @param kernelSpec       the {@code kernel.json} written, when the kernel was installed
 * @param gooseConfig      Goose's {@code config.yaml}, when Goose was wired
 * @param gooseHints       the hints file lakebook's block is in, when Goose was wired
 * @param tokenCache       the sign-in's token file when install's login created it
 * @param files            the user's files lakebook changed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstallRecord(int version, String host, String profile, String databricksConfig, String java,
                            String jar, String launcher, String kernelSpec, String gooseConfig, String gooseHints,
                            String tokenCache, List<ChangedFile> files) {
    static final int VERSION = 1;

    public InstallRecord {
        files = files == null ? List.of() : List.copyOf(files);
    }

    static InstallRecord empty() {
        return new InstallRecord(VERSION, null, null, null, null, null, null, null, null, null, null, List.of());
    }

    InstallRecord withWorkspace(String newHost, String newProfile, String newConfig) {
        return new InstallRecord(version, newHost, newProfile, newConfig, java, jar, launcher, kernelSpec,
                gooseConfig, gooseHints, tokenCache, files);
    }

    InstallRecord withToolkit(String newJava, String newJar, String newLauncher) {
        return new InstallRecord(version, host, profile, databricksConfig, newJava, newJar, newLauncher, kernelSpec,
                gooseConfig, gooseHints, tokenCache, files);
    }

    InstallRecord withKernelSpec(String newKernelSpec) {
        return new InstallRecord(version, host, profile, databricksConfig, java, jar, launcher, newKernelSpec,
                gooseConfig, gooseHints, tokenCache, files);
    }

    InstallRecord withGoose(String newConfig, String newHints) {
        return new InstallRecord(version, host, profile, databricksConfig, java, jar, launcher, kernelSpec,
                newConfig, newHints, tokenCache, files);
    }

    InstallRecord withTokenCache(String newTokenCache) {
        return new InstallRecord(version, host, profile, databricksConfig, java, jar, launcher, kernelSpec,
                gooseConfig, gooseHints, newTokenCache, files);
    }

    public Optional<ChangedFile> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    InstallRecord withFile(ChangedFile changed) {
        List<ChangedFile> all = new ArrayList<>(files);
        all.removeIf(f -> f.path().equals(changed.path()));
        all.add(changed);
        return new InstallRecord(version, host, profile, databricksConfig, java, jar, launcher, kernelSpec,
                gooseConfig, gooseHints, tokenCache, all);
    }

    InstallRecord withoutFile(String path) {
        List<ChangedFile> all = new ArrayList<>(files);
        all.removeIf(f -> f.path().equals(path));
        return new InstallRecord(version, host, profile, databricksConfig, java, jar, launcher, kernelSpec,
                gooseConfig, gooseHints, tokenCache, all);
    }

    /**
     * One of the user's files as lakebook found it before its first change, and the values changed in it since.
     *
     * @param existed  whether the file was there before lakebook changed it
     * @param backup   the copy of the original ({@code .lakebook-backup}), when one was kept
     * @param settings the values lakebook set, oldest first
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChangedFile(String path, boolean existed, String backup, List<Setting> settings) {
        public ChangedFile {
            Objects.requireNonNull(path, "path");
            settings = settings == null ? List.of() : List.copyOf(settings);
        }

        /** Adds a change; a value set before keeps its original {@code before}, since that is what undo restores. */
        ChangedFile noting(Setting setting) {
            List<Setting> all = new ArrayList<>(settings);
            Optional<Setting> earlier = all.stream().filter(s -> s.at().equals(setting.at())).findFirst();
            earlier.ifPresent(all::remove);
            // A null before means "absent", so it is taken as it is rather than through Optional.map.
            JsonNode before = earlier.isPresent() ? earlier.get().before() : setting.before();
            all.add(new Setting(setting.at(), before, setting.after()));
            return new ChangedFile(path, existed, backup, all);
        }
    }

    /**
     * A value lakebook set: where ({@code [profile, key]} in an INI file, the key path in a YAML file), what was there
     * before ({@code null} when nothing was) and what lakebook put there.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Setting(List<String> at, JsonNode before, JsonNode after) {
        public Setting {
            at = List.copyOf(at);
        }
    }
}
