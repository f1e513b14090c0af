package io.lakebook.core.output;

import java.util.Objects;

/** The value of a cell's last expression, as its {@code repr}, without the REPL's {@code Out[n]:} prefix. */
public record ValueOutput(String repr) implements Output {
    public ValueOutput {
        Objects.requireNonNull(repr, "repr");
    }
}
