package io.lakebook.core.output;

import java.util.Objects;

/** An image, such as a plot, with its MIME type ({@code image/png}, {@code image/svg+xml}, …). */
public record ImageOutput(String mimeType, byte[] data) implements Output {
    public ImageOutput {
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(data, "data");
    }
}
