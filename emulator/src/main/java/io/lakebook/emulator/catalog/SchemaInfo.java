package io.lakebook.emulator.catalog;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A schema as Unity Catalog lists it (reference §7 SchemaInfo). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SchemaInfo(String name, String catalogName, String fullName, String comment, String owner,
                         String schemaId, String metastoreId, long createdAt, String createdBy) {
}
