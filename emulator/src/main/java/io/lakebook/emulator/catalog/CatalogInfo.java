package io.lakebook.emulator.catalog;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A catalog as Unity Catalog lists it (reference §7 CatalogInfo). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CatalogInfo(String name, String fullName, String catalogType, String comment, String owner,
                          String metastoreId, long createdAt, String createdBy, String securableType,
                          String isolationMode, boolean browseOnly) {
}
