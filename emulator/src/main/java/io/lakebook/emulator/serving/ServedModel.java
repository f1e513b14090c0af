package io.lakebook.emulator.serving;

/**
 * What an endpoint serves, one served entity (reference §9.2): a pay-per-token foundation model or an external
 * model behind a provider. {@code servedEntityId} is the join key of {@code system.serving.served_entities}.
 *
 * @param provider for an external model, the provider's wire name ({@code openai}, {@code anthropic}, …); else null
 */
public record ServedModel(String servedEntityId, String name, String entityName, String displayName,
                          String provider) {

    public static ServedModel foundation(String servedEntityId, String endpoint, String displayName) {
        return new ServedModel(servedEntityId, endpoint, "system.ai." + endpoint.substring("databricks-".length()),
                displayName, null);
    }

    public static ServedModel external(String servedEntityId, String name, String provider, String model) {
        return new ServedModel(servedEntityId, name, model, model, provider);
    }

    public boolean external() {
        return provider != null;
    }

    /** The {@code entity_type} of {@code system.serving.served_entities}. */
    public String entityType() {
        return external() ? "EXTERNAL_MODEL" : "FOUNDATION_MODEL";
    }
}
