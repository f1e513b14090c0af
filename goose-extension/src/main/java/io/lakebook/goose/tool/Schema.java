package io.lakebook.goose.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A tool's parameters: a flat JSON Schema object whose every property has a description (some clients hang on
 * undescribed parameters), and the check of a call's arguments against it. The check's messages go back to the model
 * as a tool error, so they say which argument is wrong and what it should be.
 */
public final class Schema {

    /** One parameter. {@code items} describes array elements, {@code values} lists allowed strings. */
    private record Property(String name, String type, String description, boolean required, List<String> values,
                            Integer minimum, Integer maximum, ObjectNode items) {
    }

    private final List<Property> properties = new ArrayList<>();

    public static Schema object() {
        return new Schema();
    }

    public Schema string(String name, boolean required, String description) {
        return add(new Property(name, "string", description, required, List.of(), null, null, null));
    }

    public Schema choice(String name, boolean required, String description, String... values) {
        return add(new Property(name, "string", description, required, List.of(values), null, null, null));
    }

    public Schema integer(String name, boolean required, int minimum, int maximum, String description) {
        return add(new Property(name, "integer", description, required, List.of(), minimum, maximum, null));
    }

    public Schema bool(String name, String description) {
        return add(new Property(name, "boolean", description, false, List.of(), null, null, null));
    }

    public Schema array(String name, boolean required, ObjectNode items, String description) {
        return add(new Property(name, "array", description, required, List.of(), null, null, items));
    }

    private Schema add(Property property) {
        properties.add(property);
        return this;
    }

    /** The JSON Schema, without {@code $schema} (some model providers reject it). */
    public ObjectNode toJson() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
        ObjectNode props = schema.putObject("properties");
        ArrayNode required = JsonNodeFactory.instance.arrayNode();
        for (Property property : properties) {
            props.set(property.name(), propertyJson(property));
            if (property.required()) {
                required.add(property.name());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private static ObjectNode propertyJson(Property property) {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("type", property.type())
                .put("description", property.description());
        if (!property.values().isEmpty()) {
            ArrayNode values = json.putArray("enum");
            property.values().forEach(values::add);
        }
        if (property.minimum() != null) {
            json.put("minimum", property.minimum()).put("maximum", property.maximum());
        }
        if (property.items() != null) {
            json.set("items", property.items());
        }
        return json;
    }

    /**
     * Checks {@code arguments} and returns them for typed reading.
     *
     * @throws ToolFailure naming the first wrong argument and what it should be
     */
    public Arguments check(String tool, JsonNode arguments) {
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            throw new ToolFailure("The arguments of " + tool + " must be a JSON object.");
        }
        ObjectNode args = arguments instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = args.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            if (properties.stream().noneMatch(p -> p.name().equals(name))) {
                throw new ToolFailure(tool + " has no parameter '" + name + "'. Its parameters are: " + names() + ".");
            }
        }
        properties.forEach(property -> checkOne(tool, property, args.get(property.name())));
        return new Arguments(tool, args);
    }

    private void checkOne(String tool, Property property, JsonNode value) {
        String label = tool + " parameter '" + property.name() + "'";
        if (value == null || value.isNull()) {
            if (property.required()) {
                throw new ToolFailure(label + " is required: " + property.description());
            }
            return;
        }
        boolean typeOk = switch (property.type()) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber() || value.isNumber() && value.asDouble() == value.asInt();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            default -> true;
        };
        if (!typeOk) {
            throw new ToolFailure(label + " must be " + article(property.type()) + ", not " + value
                    + ". It is: " + property.description());
        }
        if (!property.values().isEmpty() && !property.values().contains(value.asText())) {
            throw new ToolFailure(label + " must be one of " + String.join(", ", property.values()) + ", not '"
                    + value.asText() + "'.");
        }
        if (property.minimum() != null && (value.asInt() < property.minimum() || value.asInt() > property.maximum())) {
            throw new ToolFailure(label + " must be between " + property.minimum() + " and " + property.maximum()
                    + ", not " + value.asInt() + ".");
        }
    }

    private static String article(String type) {
        return type.equals("integer") || type.equals("array") ? "an " + type : "a " + type;
    }

    private String names() {
        return String.join(", ", properties.stream().map(Property::name).toList());
    }
}
