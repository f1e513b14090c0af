package io.lakebook.goose.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.core.notebook.CellRef;

import java.util.Optional;

/** A call's arguments after {@link Schema#check}: present ones have the declared type. */
public final class Arguments {

    private final String tool;
    private final ObjectNode values;

    Arguments(String tool, ObjectNode values) {
        this.tool = tool;
        this.values = values;
    }

    public String string(String name) {
        return optionalString(name).orElseThrow(() -> new ToolFailure(tool + " needs the parameter '" + name + "'."));
    }

    public Optional<String> optionalString(String name) {
        JsonNode value = values.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    public Optional<Integer> optionalInt(String name) {
        JsonNode value = values.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asInt());
    }

    public int integer(String name, int fallback) {
        return optionalInt(name).orElse(fallback);
    }

    public boolean bool(String name, boolean fallback) {
        JsonNode value = values.get(name);
        return value == null || value.isNull() ? fallback : value.asBoolean();
    }

    public Optional<ArrayNode> array(String name) {
        return values.get(name) instanceof ArrayNode array ? Optional.of(array) : Optional.empty();
    }

    /** The cell named by {@code cell_id} or, failing that, {@code index}. */
    public CellRef cell() {
        return optionalCell().orElseThrow(() -> new ToolFailure(tool + " needs a cell: give cell_id (from "
                + "notebook_read) or, if you must, its 0-based index."));
    }

    public Optional<CellRef> optionalCell() {
        Optional<String> id = optionalString("cell_id").filter(s -> !s.isBlank());
        Optional<Integer> index = optionalInt("index");
        return id.isEmpty() && index.isEmpty() ? Optional.empty() : Optional.of(new CellRef(id, index));
    }
}
