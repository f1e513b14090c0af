package io.lakebook.kernel.display;

import io.lakebook.core.output.Html;

import java.util.Map;

/**
 * The MIME bundle of a running cell's progress line: plain text for consoles, and greyed HTML for notebooks so that
 * the line does not look like the cell's output while it is shown.
 */
public final class ProgressRenderer {
    private ProgressRenderer() {
    }

    public static Map<String, Object> bundle(String line) {
        String html = "<pre style=\"color: #777; margin: 0\">" + Html.escape(line) + "</pre>";
        return Map.of("text/plain", line, "text/html", html);
    }
}
