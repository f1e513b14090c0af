package io.lakebook.goose.tool;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/** What {@code tools/list} says about a tool. */
public record ToolSpec(String name, String title, String description, Schema input, Annotations annotations) {

    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(annotations, "annotations");
    }

    /** The tool as listed; {@code title} is a field from 2025-06-18 on, older clients ignore it. */
    public ObjectNode toJson() {
        ObjectNode tool = JsonNodeFactory.instance.objectNode();
        tool.put("name", name).put("title", title).put("description", description);
        tool.set("inputSchema", input.toJson());
        tool.set("annotations", annotations.toJson(title));
        return tool;
    }
}
