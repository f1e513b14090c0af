package io.lakebook.core.sql;

import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;

import java.util.EnumSet;
import java.util.Optional;

/**
 * A statement as the warehouse last reported it.
 *
 * @param statementId the warehouse's id for it; the handle to poll, fetch and cancel with
 * @param state       PENDING (waiting for the warehouse), RUNNING, SUCCEEDED, FAILED, CANCELED or CLOSED
 * @param error       the warehouse's message when it failed, else empty
 * @param response    the whole answer, for reading the result
 */
public record SqlStatus(String statementId, StatementState state, Optional<String> error,
                        StatementResponse response) {

    private static final EnumSet<StatementState> ENDED = EnumSet.of(StatementState.SUCCEEDED, StatementState.FAILED,
            StatementState.CANCELED, StatementState.CLOSED);

    static SqlStatus of(StatementResponse response) {
        StatementState state = response.getStatus() == null || response.getStatus().getState() == null
                ? StatementState.PENDING : response.getStatus().getState();
        Optional<String> error = Optional.ofNullable(response.getStatus()).map(s -> s.getError())
                .map(e -> e.getMessage() == null ? String.valueOf(e.getErrorCode()) : e.getMessage());
        return new SqlStatus(response.getStatementId(), state, error, response);
    }

    public boolean ended() {
        return ENDED.contains(state);
    }

    public boolean succeeded() {
        return state == StatementState.SUCCEEDED;
    }
}
