package io.lakebook.emulator.statements;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The answer of execute and get (reference §6.2). {@code manifest} and {@code result} are there only once the
 * statement SUCCEEDED; {@code status.error} and {@code status.sql_state} only once it FAILED.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StatementResponse(String statementId, Status status, Manifest manifest, ResultData result) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Status(StatementState state, Error error, String sqlState) {
    }

    /** {@code error_code} is from the ServiceErrorCode enum, where CANCELLED has two Ls. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Error(String errorCode, String message) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Manifest(String format, Schema schema, long totalChunkCount, List<Chunk> chunks, long totalRowCount,
                           long totalByteCount, boolean truncated) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Schema(int columnCount, List<Column> columns) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Column(String name, int position, String typeName, String typeText, Integer typePrecision,
                         Integer typeScale) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Chunk(long chunkIndex, long rowOffset, long rowCount, long byteCount) {
    }
}
