package io.lakebook.emulator.catalog;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** A table as Unity Catalog describes it (reference §7 TableInfo, ColumnInfo). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TableInfo(String name, String catalogName, String schemaName, String fullName, String tableType,
                        String dataSourceFormat, List<ColumnInfo> columns, String comment, String owner,
                        String tableId, String metastoreId, long createdAt, String createdBy, long updatedAt) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ColumnInfo(String name, String typeName, String typeText, String typeJson, int position,
                             boolean nullable, String comment, Integer typePrecision, Integer typeScale) {
    }
}
