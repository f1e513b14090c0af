package io.lakebook.core.output;

import java.util.Objects;

/** Text the code printed, in the order it was printed. */
public record TextOutput(String text) implements Output {
    public TextOutput {
        Objects.requireNonNull(text, "text");
    }
}
