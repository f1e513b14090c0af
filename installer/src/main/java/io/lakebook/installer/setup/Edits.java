package io.lakebook.installer.setup;

import io.lakebook.core.error.LakebookException;
import io.lakebook.installer.goose.YamlDocument;
import io.lakebook.installer.profile.DatabricksCfg;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Sets values in the user's files through the journal: only what differs is written, and each change noted. */
public final class Edits {

    private Edits() {
    }

    /**
     * Sets {@code values} in {@code profile} of {@code ~/.databrickscfg}.
     *
     * @return the keys that changed
     */
    public static List<String> profile(Journal journal, Path file, String profile, Map<String, String> values)
            throws IOException {
        DatabricksCfg cfg = DatabricksCfg.read(file);
        List<InstallRecord.Setting> settings = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> value : values.entrySet()) {
            String before = cfg.get(profile, value.getKey()).orElse(null);
            if (cfg.set(profile, value.getKey(), value.getValue())) {
                settings.add(new InstallRecord.Setting(List.of(profile, value.getKey()), Journal.tree(before),
                        Journal.tree(value.getValue())));
                changed.add(value.getKey());
            }
        }
        journal.write(file, cfg.text().getBytes(StandardCharsets.UTF_8), settings, InstallRecord.Kind.PROFILE);
        return changed;
    }

    /**
     * Sets {@code values} (key paths from the top) in a YAML file such as Goose's {@code config.yaml}.
     *
     * @return the paths that changed
     */
    public static List<List<String>> yaml(Journal journal, Path file, Map<List<String>, Object> values)
            throws IOException {
        YamlDocument document = readYaml(file);
        List<InstallRecord.Setting> settings = new ArrayList<>();
        List<List<String>> changed = new ArrayList<>();
        for (Map.Entry<List<String>, Object> value : values.entrySet()) {
            Object before = document.get(value.getKey()).orElse(null);
            if (document.set(value.getKey(), value.getValue())) {
                settings.add(new InstallRecord.Setting(value.getKey(), Journal.tree(before),
                        Journal.tree(value.getValue())));
                changed.add(value.getKey());
            }
        }
        journal.write(file, document.text().getBytes(StandardCharsets.UTF_8), settings,
                InstallRecord.Kind.GOOSE_CONFIG);
        return changed;
    }

    /** The YAML file, or an empty document when it does not exist yet. */
    public static YamlDocument readYaml(Path file) {
        try {
            return YamlDocument.parse(Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "",
                    file.toString());
        } catch (IOException e) {
            throw new LakebookException("Cannot read " + file + " (" + e.getMessage() + "). Check its permissions.",
                    e);
        }
    }
}
