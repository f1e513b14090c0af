package io.lakebook.goose.render;

import io.lakebook.goose.tool.ToolResult;

import java.util.Optional;

/**
 * One output as a model sees it: its text (for an image, a line saying what it shows) and the image itself, if any.
 */
public record Piece(String text, Optional<ToolResult.Image> image) {

    public static Piece text(String text) {
        return new Piece(Ansi.strip(text), Optional.empty());
    }

    public static Piece image(String description, ToolResult.Image image) {
        return new Piece(description, Optional.of(image));
    }
}
