package io.lakebook.emulator.serving;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.lakebook.emulator.http.Json;

/** The serving APIs' records in their wire names: snake_case, absent fields left out. */
final class ServingJson {
    static final ObjectMapper MAPPER = Json.MAPPER.copy()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ServingJson() {
    }

    static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }
}
