package io.lakebook.contract;

import java.util.Objects;

/**
 * Where a user can read the behaviour a check expects.
 *
 * @param url    a page of the Databricks documentation (docs.databricks.com), or the source of a Databricks SDK
 *               where the SDK's own code is what states the behaviour
 * @param states false when no public page states the behaviour: {@code url} is then the page of the call, and the
 *               check records what the workspace does, which lakebook relies on
 */
public record Source(String url, boolean states) {

    public Source {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("https://")) {
            throw new IllegalArgumentException("a source is an https:// address, not " + url);
        }
    }

    /** {@code url} states the behaviour. */
    public static Source documented(String url) {
        return new Source(url, true);
    }

    /** No page states the behaviour; {@code url} documents the call it is seen on. */
    public static Source unstated(String url) {
        return new Source(url, false);
    }

    /** The address, and when it does not state the behaviour, a word saying so. */
    public String describe() {
        return states ? url : url + " (the call's page; it does not state this behaviour, which lakebook relies on)";
    }
}
