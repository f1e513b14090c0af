package io.lakebook.bench.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads what the suite's Python and Node scripts print: one JSON object, on the last line of their output. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static JsonNode lastLine(String output) {
        String[] lines = output.strip().split("\n");
        try {
            return MAPPER.readTree(lines[lines.length - 1]);
        } catch (IOException e) {
            throw new UncheckedIOException("the script printed no JSON at its end:\n" + output, e);
        }
    }

    public static List<Double> numbers(JsonNode array) {
        if (array == null || !array.isArray()) {
            throw new IllegalStateException("expected a list of numbers, got " + array);
        }
        List<Double> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asDouble()));
        return values;
    }
}
