package io.lakebook.installer.setup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
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
 * @param source           the jar install copied lakebook from, for the advice to install it again
 * @param createdFolders   the folders that did not exist before lakebook first wrote into them, so that uninstall
 *                         removes them again when they are empty, and no other folder
 * @param files            the user's files lakebook changed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstallRecord(int version, String host, String profile, String databricksConfig, String java,
                            String jar, String launcher, String kernelSpec, String gooseConfig, String gooseHints,
                            String tokenCache, String source, List<String> createdFolders, List<ChangedFile> files) {
    static final int VERSION = 1;

    public InstallRecord {
        createdFolders = createdFolders == null ? List.of() : List.copyOf(createdFolders);
        files = files == null ? List.of() : List.copyOf(files);
    }

    static InstallRecord empty() {
        return new InstallRecord(VERSION, null, null, null, null, null, null, null, null, null, null, null, List.of(),
                List.of());
    }

    /** The Jupyter data directory of the kernel spec last installed ({@code DIR/kernels/databricks/kernel.json}). */
    public Optional<Path> jupyterDir() {
        return Optional.ofNullable(kernelSpec).map(Path::of).map(spec -> spec.getParent().getParent().getParent());
    }

    InstallRecord withSource(String newSource) {
        return new InstallRecord(version, host, profile, databricksConfig, java, jar, launcher, kernelSpec,
                gooseConfig, gooseHints, tokenCache, newSource, createdFolders, files);
    }

    /** Notes {@code folders} as made by lakebook, unless a folder is noted already. */
    InstallRecord withCreatedFolders(List<String> folders) {
        List<String> all = new ArrayList<>(createdFolders);
        folders.stream().filter(folder -> !all.contains(folder)).forEach(all::add);
        return new InstallRecord(version, host, profile, databricksConfig, java, jar, launcher, kernelSpec,
                gooseConfig, gooseHints, tokenCache, source, all, files);
    }

    InstallRecord withWorkspace(String newHost, String newProfile, String newConfig) {
        return new InstallRecord(version, newHost, newProfile, newConfig, java, jar, launcher, kernelSpec,
                gooseConfig, gooseHints, tokenCache, source, createdFolders, files);
    }

    InstallRecord withToolkit(String newJava, String newJar, String newLauncher) {
        return new InstallRecord(version, host, profile, databricksConfig, newJava, newJar, newLauncher, kernelSpec,
                gooseConfig, gooseHints, tokenCache, source, createdFolders, files);
    }

    InstallRecord withKernelSpec(String newKernelSpec) {
        return new InstallRecord(version, host, profile, databricksConfig, java, jar, launcher, newKernelSpec,
                gooseConfig, gooseHints, tokenCache, source, createdFolders, files);
    }

    InstallRecord withGoose(String newConfig, String newHints) {
        return new InstallRecord(version, host, profile, databricksConfig, java, jar, launcher, kernelSpec,
                newConfig, newHints, tokenCache, source, createdFolders, files);
    }

    InstallRecord withTokenCache(String newTokenCache) {
        return new InstallRecord(version, host, profile, databricksConfig, java, jar, launcher, kernelSpec,
                gooseConfig, gooseHints, newTokenCache, source, createdFolders, files);
    }

    public Optional<ChangedFile> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    InstallRecord withFile(ChangedFile changed) {
        List<ChangedFile> all = new ArrayList<>(files);
        all.removeIf(f -> f.path().equals(changed.path()));
        all.add(changed);
        return new InstallRecord(version, host, profile, databricksConfig, java, jar, launcher, kernelSpec,
                gooseConfig, gooseHints, tokenCache, source, createdFolders, all);
    }

    InstallRecord withoutFile(String path) {
        List<ChangedFile> all = new ArrayList<>(files);
        all.removeIf(f -> f.path().equals(path));
        return new InstallRecord(version, host, profile, databricksConfig, java, jar, launcher, kernelSpec,
                gooseConfig, gooseHints, tokenCache, source, createdFolders, all);
    }

    /** What kind of file a changed file is, which says how uninstall takes lakebook's part out of it. */
    public enum Kind {
        /** {@code ~/.databrickscfg}: settings at {@code [profile, key]}. */
        PROFILE,
        /** A {@code kernel.json}: lakebook's spec as a whole. */
        KERNEL_SPEC,
        /** Goose's {@code config.yaml}: settings at key paths. */
        GOOSE_CONFIG,
        /** Goose's {@code .goosehints}: lakebook's marked block. */
        GOOSE_HINTS
    }

    /**
     * One of the user's files as lakebook found it before its first change, and the values changed in it since.
     *
     * @param kind       what the file is; absent in records written before kinds were noted, then told by its
     *                   settings (see {@link #kindOrGuess()})
     * @param existed    whether the file was there before lakebook changed it
     * @param backup     the copy of the original ({@code .lakebook-backup}), when one was kept
     * @param settings   the values lakebook set, oldest first
     * @param movedAside files of another program's kernel spec that lakebook moved out of the way, as
     *                   {@code [where it was, where it is kept]}, so that uninstall puts them back
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChangedFile(String path, Kind kind, boolean existed, String backup, List<Setting> settings,
                              List<List<String>> movedAside) {
        public ChangedFile {
            Objects.requireNonNull(path, "path");
            settings = settings == null ? List.of() : List.copyOf(settings);
            movedAside = movedAside == null ? List.of() : List.copyOf(movedAside);
        }

        /** The kind noted, else the one its settings show: a kernel spec and the hints have one setting each. */
        public Kind kindOrGuess() {
            if (kind != null) {
                return kind;
            }
            List<List<String>> at = settings.stream().map(Setting::at).toList();
            if (at.contains(List.of("kernel.json"))) {
                return Kind.KERNEL_SPEC;
            }
            if (at.contains(List.of("lakebook block"))) {
                return Kind.GOOSE_HINTS;
            }
            return path.endsWith(".yaml") || path.endsWith(".yml") ? Kind.GOOSE_CONFIG : Kind.PROFILE;
        }

        ChangedFile withBackup(String newBackup) {
            return new ChangedFile(path, kind, existed, newBackup, settings, movedAside);
        }

        ChangedFile withMovedAside(List<List<String>> moved) {
            List<List<String>> all = new ArrayList<>(movedAside);
            all.addAll(moved);
            return new ChangedFile(path, kind, existed, backup, settings, all);
        }

        /** Adds a change; a value set before keeps its original {@code before}, since that is what undo restores. */
        ChangedFile noting(Setting setting) {
            List<Setting> all = new ArrayList<>(settings);
            Optional<Setting> earlier = all.stream().filter(s -> s.at().equals(setting.at())).findFirst();
            earlier.ifPresent(all::remove);
            // A null before means "absent", so it is taken as it is rather than through Optional.map.
            JsonNode before = earlier.isPresent() ? earlier.get().before() : setting.before();
            all.add(new Setting(setting.at(), before, setting.after()));
            return new ChangedFile(path, kind, existed, backup, all, movedAside);
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
