package io.lakebook.goose.tool;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A {@code tools/call} result. Everything the model needs is in the text: Goose does not reliably forward
 * {@code structuredContent}, which is only a convenience for clients that read it.
 */
public final class ToolResult {

    /** An image to send as MCP image content. */
    public record Image(String mimeType, byte[] data) {
    }

    private final String text;
    private final boolean error;
    private final List<Image> images = new ArrayList<>();
    private ObjectNode structured;

    private ToolResult(String text, boolean error) {
        this.text = text;
        this.error = error;
    }

    public static ToolResult text(String text) {
        return new ToolResult(text, false);
    }

    /** A failure the model can act on: say what went wrong and what to do. */
    public static ToolResult error(String text) {
        return new ToolResult(text, true);
    }

    public ToolResult image(Image image) {
        images.add(image);
        return this;
    }

    public ToolResult structured(ObjectNode value) {
        this.structured = value;
        return this;
    }

    public String text() {
        return text;
    }

    public boolean isError() {
        return error;
    }

    public List<Image> images() {
        return List.copyOf(images);
    }

    /** The result as sent; {@code structuredContent} exists from protocol 2025-06-18 on. */
    public ObjectNode toJson(boolean withStructured) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ArrayNode content = result.putArray("content");
        content.addObject().put("type", "text").put("text", text);
        for (Image image : images) {
            content.addObject().put("type", "image").put("mimeType", image.mimeType())
                    .put("data", Base64.getEncoder().encodeToString(image.data()));
        }
        if (withStructured && structured != null) {
            result.set("structuredContent", structured);
        }
        result.put("isError", error);
        return result;
    }
}
