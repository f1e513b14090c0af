package io.lakebook.emulator.workspace;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A workspace object as get-status and list return it (reference §5.2). {@code language} is set for notebooks only,
 * {@code size} for files only.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ObjectInfo(String path, String objectType, long objectId, String language, String resourceId,
                         long createdAt, long modifiedAt, Long size) {
}
