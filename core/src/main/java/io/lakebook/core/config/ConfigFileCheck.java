package io.lakebook.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Looks through a {@code ~/.databrickscfg} for what the Databricks SDK silently skips, so that the message for a
 * missing host or profile can point at the line to fix. The SDK reads the file as INI (reference §10.1): a line is a
 * {@code [profile]} header, a {@code key = value} setting, a comment or blank; anything else is dropped unseen.
 *
 * <p>No value is ever quoted in a message, only names: a broken line may hold a token.
 */
final class ConfigFileCheck {

    private ConfigFileCheck() {
    }

    /** The file the SDK reads: {@code DATABRICKS_CONFIG_FILE}, else {@code .databrickscfg} in the home folder. */
    static Path path(Map<String, String> env) {
        String named = env.get(Settings.ENV_CONFIG_FILE);
        if (named != null && !named.isBlank()) {
            return named.startsWith("~/") ? home(env).resolve(named.substring(2)) : Path.of(named);
        }
        return home(env).resolve(".databrickscfg");
    }

    private static Path home(Map<String, String> env) {
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home);
    }

    /** The first line the SDK would skip, as a sentence naming the file and the line; empty when there is none. */
    static Optional<String> brokenLine(Path file) {
        List<String> lines = lines(file);
        boolean inSection = false;
        boolean continued = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            boolean wasContinued = continued;
            continued = line.endsWith("\\");
            if (wasContinued || line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                continue;
            }
            String where = "Line " + (i + 1) + " of " + file;
            if (line.startsWith("[")) {
                int close = line.indexOf(']');
                if (close < 0) {
                    return Optional.of(where + " opens a profile name and does not close it: '" + line + "'. Write "
                            + "it as [name].");
                }
                inSection = true;
                continue;
            }
            int separator = separator(line);
            // "host http://x" reads as the name "host http" with ':' as separator: no setting has such a name.
            if (separator < 0 || line.substring(0, separator).strip().contains(" ")) {
                return Optional.of(where + " is neither a [profile] header nor a `key = value` setting ('"
                        + firstWord(line) + " …'), so the Databricks SDK skips it. Write it as `key = value`.");
            }
            if (separator == 0) {
                return Optional.of(where + " has a value without a name before its '" + line.charAt(0) + "'.");
            }
            if (!inSection) {
                return Optional.of(where + " sets '" + line.substring(0, separator).strip() + "' before any [profile] "
                        + "header, so the Databricks SDK ignores it. Put it under a header such as [DEFAULT].");
            }
        }
        return Optional.empty();
    }

    /** The profiles the file has, in order, as {@code [name]}. */
    static List<String> profiles(Path file) {
        List<String> found = new ArrayList<>();
        for (String raw : lines(file)) {
            String line = raw.strip();
            int close = line.indexOf(']');
            if (line.startsWith("[") && close > 1 && !line.substring(1, close).strip().equals("__settings__")) {
                found.add("[" + line.substring(1, close).strip() + "]");
            }
        }
        return found;
    }

    private static int separator(String line) {
        int equals = line.indexOf('=');
        int colon = line.indexOf(':');
        if (equals < 0) {
            return colon;
        }
        return colon < 0 ? equals : Math.min(equals, colon);
    }

    private static String firstWord(String line) {
        int space = line.indexOf(' ');
        String word = space < 0 ? line : line.substring(0, space);
        return word.length() > 40 ? word.substring(0, 40) : word;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
