package io.lakebook.emulator.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The record of fault and bad-input trials that {@code docs/reliability.md} is made from: one tab-separated line per
 * trial (area, what was tried, how many times, what happened, what was lost), appended to the file the system
 * property {@value #PROPERTY} names. Without it nothing is written, so an ordinary test run leaves no trace.
 */
public final class Trials {
    public static final String PROPERTY = "lakebook.reliability.log";

    private Trials() {
    }

    /**
     * @param area    the part of lakebook tried: kernel, MCP server, lakebook run, session, files, settings
     * @param tried   the fault or input
     * @param times   how many times it hit
     * @param outcome what the user saw
     * @param lost    what was lost: "nothing", or what
     */
    public static synchronized void record(String area, String tried, long times, String outcome, String lost) {
        String target = System.getProperty(PROPERTY);
        if (target == null || target.isBlank()) {
            return;
        }
        String line = String.join("\t", clean(area), clean(tried), Long.toString(times), clean(outcome), clean(lost))
                + "\n";
        try {
            Path file = Path.of(target);
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line of plain text, without the temporary folders of the run that made it. */
    private static String clean(String text) {
        String temporary = java.util.regex.Pattern.quote(Path.of(System.getProperty("java.io.tmpdir"))
                .toAbsolutePath().toString()) + "/junit-?\\d+";
        return text.replace('\t', ' ').replace('\n', ' ').replaceAll(temporary, "…").strip();
    }
}
