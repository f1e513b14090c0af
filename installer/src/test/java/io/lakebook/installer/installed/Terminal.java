package io.lakebook.installer.installed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * A command run on a real pseudo-terminal (util-linux {@code script}), as a person at a terminal runs it: the test
 * reads the screen as it comes and types answers.
 */
final class Terminal {
    private static final Pattern QUESTION = Pattern.compile("Choose 1-\\d+ \\[\\d+\\]: ");

    private final Process process;
    private final OutputStream keyboard;
    private final StringBuilder text = new StringBuilder();
    private int consumed;

    private Terminal(Process process) {
        this.process = process;
        this.keyboard = process.getOutputStream();
        read(process.getInputStream());
    }

    /** Starts {@code command} in {@code home}'s environment on a new pseudo-terminal. */
    static Terminal run(Home home, List<String> command) throws IOException {
        String line = String.join(" ", command.stream().map(Terminal::quote).toList());
        return new Terminal(home.start(List.of("script", "--quiet", "--flush", "--return", "--command", line,
                "/dev/null"), Map.of("TERM", "dumb")));
    }

    String text() {
        synchronized (text) {
            return text.toString();
        }
    }

    /** Types {@code answer} and Enter. */
    void type(String answer) throws IOException {
        keyboard.write((answer + "\r").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    /** Waits until the screen, past what earlier waits consumed, shows {@code pattern}; returns its group 1. */
    String await(Pattern pattern) {
        String[] found = new String[1];
        try {
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> find(pattern, found));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the terminal never showed " + pattern + "; it shows:\n" + text(), e);
        }
        return found[0];
    }

    /** Presses Enter at every question, taking each default, until the command ends. */
    void acceptEveryDefault() throws Exception {
        while (process.isAlive()) {
            String[] found = new String[1];
            if (find(Pattern.compile("(" + QUESTION.pattern() + ")"), found)) {
                type("");
            } else {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The command's exit status, once it ends (within two minutes). */
    int exitStatus() throws InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("still running after two minutes:\n" + text());
        }
        return process.exitValue();
    }

    private boolean find(Pattern pattern, String[] found) {
        synchronized (text) {
            Matcher matcher = pattern.matcher(text.substring(consumed));
            if (!matcher.find()) {
                return false;
            }
            found[0] = matcher.group(1);
            consumed += matcher.end();
            return true;
        }
    }

    private void read(InputStream output) {
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try {
                for (int n = output.read(buffer); n >= 0; n = output.read(buffer)) {
                    synchronized (text) {
                        text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException e) {
                // The terminal closed.
            }
        }, "terminal-screen");
        reader.setDaemon(true);
        reader.start();
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
