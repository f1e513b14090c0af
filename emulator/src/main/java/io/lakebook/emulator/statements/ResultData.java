package io.lakebook.emulator.statements;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * One chunk of a result (reference §6.2, §6.4): values are strings or null; the link to the next chunk is absent on
 * the last one.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ResultData(long chunkIndex, long rowOffset, long rowCount, long byteCount,
                         List<List<String>> dataArray, Long nextChunkIndex, String nextChunkInternalLink) {
}
