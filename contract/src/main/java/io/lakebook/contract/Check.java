package io.lakebook.contract;

import java.util.Objects;

/**
 * One behaviour lakebook relies on, checked against a workspace.
 *
 * @param area      the part of the API, e.g. {@code commands}
 * @param behaviour what the workspace does, as a sentence
 * @param source    where a user reads that behaviour: the documentation page, or the SDK code, that states it
 * @param body      the check; throws {@link Differed} when the workspace behaves otherwise
 */
public record Check(String area, String behaviour, Source source, Body body) {

    /** The check itself. */
    @FunctionalInterface
    public interface Body {
        void run(Target target) throws Exception;
    }

    public Check {
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(behaviour, "behaviour");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(body, "body");
    }

    /** {@code area: behaviour}, how reports and test names show it. */
    public String title() {
        return area + ": " + behaviour;
    }
}
