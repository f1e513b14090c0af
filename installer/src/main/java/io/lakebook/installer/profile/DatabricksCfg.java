package io.lakebook.installer.profile;

import io.lakebook.core.error.LakebookException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ~/.databrickscfg} as its lines, edited one line at a time: a value lakebook sets replaces only the value on
 * its own line, a new key goes after the last key of its profile, a new profile goes at the end, and every other
 * line (comments, blank lines, other profiles, spacing, key order) stays byte for byte as it was. INI libraries
 * rewrite the whole file instead and drop comments or escape the {@code :} of a URL.
 *
 * <p>Lines are read as databricks-sdk-java's INI reader reads them: {@code [name]} opens a profile, {@code ;} or
 * {@code #} starts a comment, {@code key = value} (or {@code key: value}) sets a key, and a value may end with an
 * inline comment after white space. Not thread-safe.
 */
public final class DatabricksCfg {
    private final List<String> lines;
    private final String newline;

    private DatabricksCfg(List<String> lines, String newline) {
        this.lines = lines;
        this.newline = newline;
    }

    /** The file's content, or an empty configuration when it does not exist. */
    public static DatabricksCfg read(Path file) {
        if (!Files.exists(file)) {
            return parse("");
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LakebookException("Cannot read " + file + " (" + e.getMessage() + "). Check its permissions, "
                    + "or point DATABRICKS_CONFIG_FILE at another file.", e);
        }
    }

    public static DatabricksCfg parse(String text) {
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        // A file ending in a newline splits into one empty last element, which is not a line of its own.
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return new DatabricksCfg(lines, newline);
    }

    /** The text to write; it ends with a newline unless it is empty. */
    public String text() {
        return lines.isEmpty() ? "" : String.join(newline, lines) + newline;
    }

    public boolean hasProfile(String profile) {
        return header(profile) >= 0;
    }

    /** The value of {@code key} in {@code profile}, as the SDK reads it: without quotes or an inline comment. */
    public Optional<String> get(String profile, String key) {
        return keyLine(profile, key).map(i -> Entry.of(lines.get(i)).value());
    }

    /** Every profile with its keys in file order, for comparing two versions of the file by meaning. */
    public Map<String, Map<String, String>> profiles() {
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : lines) {
            Optional<String> name = sectionName(line);
            if (name.isPresent()) {
                current = result.computeIfAbsent(name.get(), n -> new LinkedHashMap<>());
            } else if (current != null && Entry.isEntry(line)) {
                Entry entry = Entry.of(line);
                current.putIfAbsent(entry.key(), entry.value());
            }
        }
        return result;
    }

    /**
     * Sets {@code key = value} in {@code profile}, adding the profile at the end when it is missing.
     *
     * @return whether anything changed
     */
    public boolean set(String profile, String key, String value) {
        Optional<Integer> existing = keyLine(profile, key);
        if (existing.isPresent()) {
            Entry entry = Entry.of(lines.get(existing.get()));
            if (entry.value().equals(value)) {
                return false;
            }
            lines.set(existing.get(), entry.withValue(value));
            return true;
        }
        int header = header(profile);
        if (header < 0) {
            if (!lines.isEmpty() && !lines.get(lines.size() - 1).isBlank()) {
                lines.add("");
            }
            lines.add("[" + profile + "]");
            header = lines.size() - 1;
        }
        lines.add(lastEntry(header) + 1, key + " = " + value);
        return true;
    }

    /** Removes {@code key} from {@code profile}; returns whether it was there. */
    public boolean remove(String profile, String key) {
        Optional<Integer> line = keyLine(profile, key);
        line.ifPresent(i -> lines.remove((int) i));
        return line.isPresent();
    }

    /**
     * Removes {@code profile} when nothing is left in it but blank lines, with the blank line that separated it from
     * the profile before; returns whether it was removed.
     */
    public boolean removeProfileIfEmpty(String profile) {
        int header = header(profile);
        if (header < 0) {
            return false;
        }
        int end = sectionEnd(header);
        for (int i = header + 1; i < end; i++) {
            if (!lines.get(i).isBlank()) {
                return false;
            }
        }
        int from = header > 0 && lines.get(header - 1).isBlank() && (end == lines.size()) ? header - 1 : header;
        lines.subList(from, end).clear();
        return true;
    }

    private int header(String profile) {
        for (int i = 0; i < lines.size(); i++) {
            if (sectionName(lines.get(i)).filter(profile::equals).isPresent()) {
                return i;
            }
        }
        return -1;
    }

    private Optional<Integer> keyLine(String profile, String key) {
        int header = header(profile);
        if (header < 0) {
            return Optional.empty();
        }
        for (int i = header + 1; i < sectionEnd(header); i++) {
            if (Entry.isEntry(lines.get(i)) && Entry.of(lines.get(i)).key().equals(key)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** The index of the line after the profile that starts at {@code header}: the next header, or the end. */
    private int sectionEnd(int header) {
        int i = header + 1;
        while (i < lines.size() && sectionName(lines.get(i)).isEmpty()) {
            i++;
        }
        return i;
    }

    /** The last key line of the profile at {@code header}, or the header itself when it has none. */
    private int lastEntry(int header) {
        int last = header;
        for (int i = header + 1; i < sectionEnd(header); i++) {
            if (Entry.isEntry(lines.get(i))) {
                last = i;
            }
        }
        return last;
    }

    private static Optional<String> sectionName(String line) {
        String trimmed = line.strip();
        int close = trimmed.indexOf(']');
        if (!trimmed.startsWith("[") || close < 0) {
            return Optional.empty();
        }
        return Optional.of(trimmed.substring(1, close).strip());
    }

    /** A {@code key = value} line, split so that the value can be replaced and the rest kept. */
    private record Entry(String prefix, String key, String rawValue, String suffix) {

        static boolean isEntry(String line) {
            String trimmed = line.strip();
            return !trimmed.isEmpty() && !trimmed.startsWith(";") && !trimmed.startsWith("#")
                    && !trimmed.startsWith("[") && separator(line) > 0;
        }

        static Entry of(String line) {
            int separator = separator(line);
            int valueStart = separator + 1;
            while (valueStart < line.length() && Character.isWhitespace(line.charAt(valueStart))) {
                valueStart++;
            }
            int valueEnd = valueEnd(line, valueStart);
            return new Entry(line.substring(0, valueStart), line.substring(0, separator).strip(),
                    line.substring(valueStart, valueEnd), line.substring(valueEnd));
        }

        String value() {
            String value = rawValue.strip();
            boolean quoted = value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"));
            return quoted ? value.substring(1, value.length() - 1) : value;
        }

        String withValue(String value) {
            return prefix + value + suffix;
        }

        private static int separator(String line) {
            int equals = line.indexOf('=');
            int colon = line.indexOf(':');
            if (equals < 0) {
                return colon;
            }
            return colon < 0 ? equals : Math.min(equals, colon);
        }

        /** Where the value ends: before trailing white space and an inline {@code ;} or {@code #} comment. */
        private static int valueEnd(String line, int start) {
            int end = line.length();
            boolean quoted = start < line.length() && (line.charAt(start) == '"' || line.charAt(start) == '\'');
            if (quoted) {
                int close = line.indexOf(line.charAt(start), start + 1);
                return close < 0 ? end : close + 1;
            }
            for (int i = start; i < line.length(); i++) {
                char c = line.charAt(i);
                if ((c == ';' || c == '#') && i > start && Character.isWhitespace(line.charAt(i - 1))) {
                    end = i;
                    break;
                }
            }
            while (end > start && Character.isWhitespace(line.charAt(end - 1))) {
                end--;
            }
            return end;
        }
    }
}
