package io.lakebook.contract.checks;

import com.databricks.sdk.service.sql.ColumnInfo;
import com.databricks.sdk.service.sql.ColumnInfoTypeName;
import com.databricks.sdk.service.sql.ResultData;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import io.lakebook.contract.Check;
import io.lakebook.contract.Expect;
import io.lakebook.contract.Source;
import io.lakebook.contract.Target;
import io.lakebook.core.sql.Sql;
import io.lakebook.core.sql.SqlLimits;
import io.lakebook.core.sql.SqlStatus;
import io.lakebook.core.sql.SqlTable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** SQL Statement Execution API 2.0, through the SDK and lakebook's {@link Sql}. */
final class SqlChecks {

    private static final String AREA = "sql";
    private static final int ROWS = 5000;
    private static final Duration WAIT = Duration.ofMinutes(5);

    private SqlChecks() {
    }

    static List<Check> checks() {
        return List.of(
                new Check(AREA, "an inline result holds every value as a string or null, with a manifest",
                        Source.documented(Docs.api("statementexecution/executestatement")),
                        SqlChecks::inlineValuesAreStrings),
                new Check(AREA, "a statement started with wait_timeout 0s answers PENDING at once and is polled to "
                        + "SUCCEEDED", Source.documented(Docs.api("statementexecution/executestatement")),
                        SqlChecks::asyncStatementSucceeds),
                new Check(AREA, "a result is read chunk by chunk, following next_chunk_index, in as many chunks as the "
                        + "warehouse makes (the count is reported)",
                        Source.documented(Docs.api("statementexecution/getstatementresultchunkn")),
                        SqlChecks::chunksFollowOneAnother),
                new Check(AREA, "a failing statement is HTTP 200 with state FAILED, an error and a SQLSTATE",
                        Source.documented(Docs.api("statementexecution/getstatement")), SqlChecks::failureIsAState),
                new Check(AREA, "cancel ends a running statement CANCELED",
                        Source.documented(Docs.api("statementexecution/cancelexecution")),
                        SqlChecks::cancelEndsCanceled));
    }

    private static void inlineValuesAreStrings(Target target) throws Exception {
        StatementResponse response = target.statement("SELECT 1 AS n, 'a' AS s, NULL AS z");
        Expect.equal(StatementState.SUCCEEDED, response.getStatus().getState(), "state (" + Target.errorOf(response)
                + ")");
        Expect.equal(List.of(Arrays.asList("1", "a", null)), rows(response.getResult()), "data_array");
        List<String> names = new ArrayList<>();
        List<ColumnInfoTypeName> types = new ArrayList<>();
        for (ColumnInfo column : response.getManifest().getSchema().getColumns()) {
            names.add(column.getName());
            types.add(column.getTypeName());
        }
        Expect.equal(List.of("n", "s", "z"), names, "manifest column names");
        Expect.equal(List.of(ColumnInfoTypeName.INT, ColumnInfoTypeName.STRING), types.subList(0, 2),
                "manifest type_name of n and s");
        Expect.equal(1L, response.getManifest().getTotalRowCount(), "manifest total_row_count");
    }

    /**
     * The documentation of wait_timeout: with 0s "the call returns directly with PENDING state and a statement ID
     * which can be used for polling", so the first answer must be PENDING and the state must be polled.
     */
    private static void asyncStatementSucceeds(Target target) throws Exception {
        Sql sql = target.sql();
        SqlStatus started = target.startStatement("SELECT 42 AS answer");
        Expect.equal(StatementState.PENDING, started.response().getStatus() == null ? null
                : started.response().getStatus().getState(), "state of the answer to wait_timeout 0s");
        int polls = 0;
        SqlStatus ended = started;
        long deadline = System.nanoTime() + WAIT.toNanos();
        long pause = 20;
        while (!ended.ended() && System.nanoTime() < deadline) {
            Thread.sleep(pause);
            pause = Math.min(1000, pause * 2);
            ended = sql.status(started.statementId());
            polls++;
        }
        Expect.equal(StatementState.SUCCEEDED, ended.state(), "state after " + polls + " polls ("
                + ended.error().orElse("") + ")");
        SqlTable table = sql.rows(ended, SqlLimits.readOnly());
        Expect.equal(List.of(new SqlTable.Column("answer", "INT")), table.columns().stream()
                .map(c -> new SqlTable.Column(c.name(), c.type().toUpperCase(java.util.Locale.ROOT))).toList(),
                "columns");
        Expect.equal(List.of(List.of("42")), table.rows(), "rows");
        target.note("PENDING, then SUCCEEDED after " + polls + " poll(s)");
    }

    private static void chunksFollowOneAnother(Target target) throws Exception {
        StatementResponse response = target.statement("SELECT id FROM range(" + ROWS + ") ORDER BY id");
        Expect.equal(StatementState.SUCCEEDED, response.getStatus().getState(), "state (" + Target.errorOf(response)
                + ")");
        Expect.equal((long) ROWS, response.getManifest().getTotalRowCount(), "manifest total_row_count");
        List<List<String>> all = new ArrayList<>();
        ResultData chunk = response.getResult();
        long index = 0;
        while (chunk != null) {
            Expect.equal(index, chunk.getChunkIndex(), "chunk_index");
            Expect.equal((long) all.size(), chunk.getRowOffset(), "row_offset of chunk " + index);
            all.addAll(rows(chunk));
            Long next = chunk.getNextChunkIndex();
            index++;
            chunk = next == null ? null : target.workspace().statementExecution()
                    .getStatementResultChunkN(response.getStatementId(), next);
        }
        Expect.equal(response.getManifest().getTotalChunkCount(), index, "chunks read vs manifest total_chunk_count");
        Expect.equal(ROWS, all.size(), "rows read");
        // The documentation fixes no chunk size ("depending on the size, the result can be split into multiple
        // chunks"): a warehouse that sends these rows in one chunk is within it, and the count says so.
        target.note(index + " chunk(s) for " + ROWS + " rows" + (index == 1 ? ": this warehouse sent them in one "
                + "chunk, so next_chunk_index was not followed" : ""));
        for (int i = 0; i < ROWS; i++) {
            Expect.equal(List.of(Integer.toString(i)), all.get(i), "row " + i);
        }
        SqlTable viaLakebook = target.sql().rows(target.sql().status(response.getStatementId()),
                new SqlLimits(ROWS, 1_000_000, false));
        Expect.equal(all, viaLakebook.rows(), "the rows lakebook's Sql reads");
    }

    private static void failureIsAState(Target target) throws Exception {
        StatementResponse response = target.statement("SELECT * FROM lakebook_selftest_no_such_table");
        Expect.equal(StatementState.FAILED, response.getStatus().getState(), "state");
        Expect.present(response.getStatus().getError(), "status.error");
        Expect.present(response.getStatus().getError().getErrorCode(), "status.error.error_code");
        String message = Expect.present(response.getStatus().getError().getMessage(), "status.error.message");
        Expect.that(message.contains("TABLE_OR_VIEW_NOT_FOUND"), "the message names the error class: " + message);
        Expect.equal("42P01", response.getStatus().getSqlState(), "status.sql_state");
        target.note("error_code " + response.getStatus().getError().getErrorCode());
    }

    private static void cancelEndsCanceled(Target target) throws Exception {
        Sql sql = target.sql();
        // Long enough on any warehouse that the cancel arrives first; it reads nothing but generated numbers.
        SqlStatus started = target.startStatement("SELECT count(*) FROM range(1000000) a "
                + "CROSS JOIN range(1000000) b WHERE a.id * b.id = -1");
        Expect.that(!started.ended(), "the statement ended before it could be cancelled: " + started.state());
        sql.cancel(started.statementId());
        SqlStatus ended = sql.await(started.statementId(), Duration.ofSeconds(60), () -> false);
        Expect.equal(StatementState.CANCELED, ended.state(), "state after cancel");
    }

    private static List<List<String>> rows(ResultData chunk) {
        List<List<String>> rows = new ArrayList<>();
        Collection<Collection<String>> data = chunk.getDataArray();
        if (data != null) {
            data.forEach(row -> rows.add(new ArrayList<>(row)));
        }
        return rows;
    }
}
