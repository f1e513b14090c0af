package io.lakebook.core.config;

import io.lakebook.core.error.NotConfiguredException;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The longest a cell may run, when the user asks for a limit. There is none by default: a notebook cell that trains a
 * model for three hours is normal, and a kernel that kills it silently is a known fault of other kernels.
 */
public final class CellTimeout {
    /** The environment variable that sets it for every notebook started from that environment. */
    public static final String ENV = "LAKEBOOK_CELL_TIMEOUT";
    private static final Pattern SPELLING = Pattern.compile("(\\d+)\\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|"
            + "hours?)?");

    private CellTimeout() {
    }

    /**
     * Reads {@code 90}, {@code 90s}, {@code 15m}, {@code 2h}, or {@code off}/{@code none}/{@code 0} for no limit.
     *
     * @param source where the text came from, for the error message
     * @throws NotConfiguredException naming the source and the accepted spellings
     */
    public static Optional<Duration> parse(String text, String source) {
        return parse(text, source, "cell timeout");
    }

    /**
     * Reads a duration as {@link #parse(String, String)} does, for any setting; {@code what} names it in the message
     * ("outage wait").
     */
    public static Optional<Duration> parse(String text, String source, String what) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.equals("off") || value.equals("none") || value.equals("0")) {
            return Optional.empty();
        }
        Matcher matcher = SPELLING.matcher(value);
        if (!matcher.matches()) {
            throw new NotConfiguredException("The " + what + " in " + source + " is '" + text + "', which lakebook "
                    + "cannot read. Write a number of seconds (90), minutes (15m) or hours (2h), or 'off' for none.");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2).substring(0, 1);
        return Optional.of(switch (unit) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        });
    }

    /** How a limit reads in messages: {@code 90 s}, {@code 15 min}, {@code 2 h}. */
    public static String describe(Duration limit) {
        long seconds = limit.toSeconds();
        if (seconds == 0) {
            return limit.toMillis() + " ms";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }
}
