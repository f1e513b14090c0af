package io.lakebook.core.output;

import java.util.Objects;

/**
 * Text the code printed, in the order it was printed.
 *
 * @param stderr true when it was written to standard error; the Command Execution API mixes both streams into one
 *               text, so only text read live from the driver can say which it was
 */
public record TextOutput(String text, boolean stderr) implements Output {
    public TextOutput {
        Objects.requireNonNull(text, "text");
    }

    /** Text on standard output, or of unknown origin. */
    public TextOutput(String text) {
        this(text, false);
    }
}
