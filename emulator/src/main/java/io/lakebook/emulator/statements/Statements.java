package io.lakebook.emulator.statements;

import io.lakebook.emulator.http.ApiException;
import io.lakebook.emulator.http.Json;
import io.lakebook.emulator.sql.SqlCancelled;
import io.lakebook.emulator.sql.SqlColumn;
import io.lakebook.emulator.sql.SqlEngine;
import io.lakebook.emulator.sql.SqlFailure;
import io.lakebook.emulator.sql.SqlResult;
import io.lakebook.emulator.sql.SqlSession;
import io.lakebook.emulator.sql.SqlValues;
import io.lakebook.emulator.warehouses.WarehouseState;
import io.lakebook.emulator.warehouses.Warehouses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Statements sent to the warehouses: each runs on its own thread in its own engine session, so a slow one never
 * holds up another and a cancel stops it for real. A statement sent to a stopped warehouse starts it and waits in
 * PENDING (reference §6.7); results are kept, in chunks, for as long as the emulator runs.
 */
public final class Statements implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Statements.class);
    /** ⚠ Databricks chunks INLINE results by size; a fixed row count keeps chunking visible with small results. */
    static final int CHUNK_ROWS = 1000;
    private static final long WAREHOUSE_POLL_MILLIS = 20;

    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final SqlEngine engine;
    private final Warehouses warehouses;
    private final ExecutorService executor = Executors.newCachedThreadPool(daemonThreads());

    public Statements(SqlEngine engine, Warehouses warehouses) {
        this.engine = engine;
        this.warehouses = warehouses;
    }

    /** Starts the statement and waits up to its wait timeout for it to end (reference §6.1 modes). */
    StatementResponse execute(ExecuteRequest request) {
        warehouses.require(request.warehouseId());
        if (warehouses.state(request.warehouseId()) == WarehouseState.STOPPED) {
            warehouses.start(request.warehouseId());
        }
        Run run = new Run("01f0" + UUID.randomUUID().toString().substring(4), request);
        runs.put(run.id, run);
        if (request.waitTimeout().isZero()) {
            // With 0s "the call returns directly with PENDING state and a statement ID" (the documentation of
            // wait_timeout), however quickly the statement would end.
            StatementResponse pending = run.response();
            executor.execute(run::go);
            return pending;
        }
        executor.execute(run::go);
        if (!run.await(request.waitTimeout().toMillis()) && request.cancelOnTimeout()) {
            run.cancel();
            run.await(TimeUnit.SECONDS.toMillis(10));
        }
        return run.response();
    }

    StatementResponse get(String statementId) {
        return find(statementId).response();
    }

    ResultData chunk(String statementId, long index) {
        return find(statementId).chunk(index);
    }

    /** reference §6.5: the answer is empty; a finished statement stays as it is. */
    void cancel(String statementId) {
        find(statementId).cancel();
    }

    @Override
    public void close() {
        runs.values().forEach(Run::cancel);
        executor.shutdownNow();
    }

    private Run find(String statementId) {
        Run run = runs.get(statementId);
        if (run == null) {
            // ⚠ reference §6.6 recommends 404 for unknown statement ids; the wording is lakebook's.
            throw new ApiException(404, "RESOURCE_DOES_NOT_EXIST", "Statement " + statementId + " does not exist "
                    + "(statement ids are kept only while the emulator runs)");
        }
        return run;
    }

    private static String json(List<List<String>> rows) {
        try {
            return Json.MAPPER.writeValueAsString(rows);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One statement: its state, its engine session while it runs, and its chunks once it has succeeded. */
    private final class Run {
        final String id;
        final ExecuteRequest request;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final long started = System.nanoTime();
        private StatementState state = StatementState.PENDING;
        private SqlSession session;
        private boolean cancelRequested;
        private SqlFailure failure;
        private StatementResponse.Manifest manifest;
        private List<ResultData> chunks;

        Run(String id, ExecuteRequest request) {
            this.id = id;
            this.request = request;
        }

        void go() {
            try {
                if (!awaitWarehouse()) {
                    return;
                }
                SqlResult result = session.run(request.statement(), request.parameters(), request.rowLimit(),
                        this::cancelRequested);
                succeed(result);
            } catch (SqlCancelled e) {
                end(StatementState.CANCELED, null);
            } catch (SqlFailure e) {
                end(StatementState.FAILED, e);
            } catch (RuntimeException e) {
                LOG.error("Statement {} failed inside the emulator", id, e);
                end(StatementState.FAILED, new SqlFailure("INTERNAL_ERROR", "XX000", "The emulator failed: " + e));
            } finally {
                if (session != null) {
                    session.close();
                }
            }
        }

        /** PENDING until the warehouse runs, then RUNNING in a fresh session; false if cancelled meanwhile. */
        private boolean awaitWarehouse() {
            while (warehouses.state(request.warehouseId()) != WarehouseState.RUNNING) {
                if (warehouses.state(request.warehouseId()) == WarehouseState.STOPPED) {
                    warehouses.start(request.warehouseId());
                }
                synchronized (this) {
                    if (cancelRequested) {
                        end(StatementState.CANCELED, null);
                        return false;
                    }
                }
                try {
                    Thread.sleep(WAREHOUSE_POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    end(StatementState.CANCELED, null);
                    return false;
                }
            }
            SqlSession opened = engine.session();
            opened.actAs(request.caller());
            synchronized (this) {
                session = opened;
                if (cancelRequested) {
                    end(StatementState.CANCELED, null);
                    return false;
                }
                state = StatementState.RUNNING;
            }
            session.use(request.catalog(), request.schema());
            return true;
        }

        private synchronized boolean cancelRequested() {
            return cancelRequested;
        }

        void cancel() {
            SqlSession running;
            synchronized (this) {
                if (state.terminal()) {
                    return;
                }
                cancelRequested = true;
                running = session;
            }
            if (running != null) {
                running.cancel();
            }
        }

        boolean await(long millis) {
            try {
                done.get(millis, TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                return true;
            }
        }

        synchronized StatementResponse response() {
            StatementResponse.Error error = failure == null ? null
                    : new StatementResponse.Error("BAD_REQUEST", failure.getMessage());
            StatementResponse.Status status = new StatementResponse.Status(state, error,
                    failure == null ? null : failure.sqlState());
            return new StatementResponse(id, status, manifest, chunks == null ? null : chunks.get(0));
        }

        synchronized ResultData chunk(long index) {
            if (state != StatementState.SUCCEEDED) {
                throw ApiException.invalidState("Statement " + id + " is " + state + "; only a SUCCEEDED statement "
                        + "has result chunks");
            }
            if (index < 0 || index >= chunks.size()) {
                throw ApiException.badRequest("chunk_index " + index + " is out of range: statement " + id
                        + " has " + chunks.size() + " chunk(s), numbered from 0");
            }
            return chunks.get((int) index);
        }

        private void succeed(SqlResult result) {
            List<List<String>> rows = new ArrayList<>();
            boolean truncated = result.truncated();
            long bytes = 2;
            for (List<Object> row : result.rows()) {
                List<String> cells = row.stream().map(SqlValues::text).toList();
                bytes += json(List.of(cells)).length() - 1;
                if (request.byteLimit() >= 0 && bytes > request.byteLimit()) {
                    truncated = true;
                    break;
                }
                rows.add(java.util.Collections.unmodifiableList(new ArrayList<>(cells)));
            }
            synchronized (this) {
                chunks = chunked(rows);
                manifest = manifest(result.columns(), rows.size(), truncated);
            }
            end(StatementState.SUCCEEDED, null);
        }

        private List<ResultData> chunked(List<List<String>> rows) {
            List<ResultData> list = new ArrayList<>();
            int count = Math.max(1, (rows.size() + CHUNK_ROWS - 1) / CHUNK_ROWS);
            for (int index = 0; index < count; index++) {
                List<List<String>> part = rows.subList(index * CHUNK_ROWS, Math.min(rows.size(),
                        (index + 1) * CHUNK_ROWS));
                boolean last = index == count - 1;
                list.add(new ResultData(index, (long) index * CHUNK_ROWS, part.size(), json(part).length(),
                        List.copyOf(part), last ? null : (long) index + 1,
                        last ? null : "/api/2.0/sql/statements/" + id + "/result/chunks/" + (index + 1)));
            }
            return list;
        }

        private StatementResponse.Manifest manifest(List<SqlColumn> columns, long rowCount, boolean truncated) {
            List<StatementResponse.Column> described = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                SqlColumn column = columns.get(i);
                described.add(new StatementResponse.Column(column.name(), i, column.type().name(),
                        column.type().text().toUpperCase(java.util.Locale.ROOT), column.type().precision(),
                        column.type().scale()));
            }
            List<StatementResponse.Chunk> infos = chunks.stream().map(chunk -> new StatementResponse.Chunk(
                    chunk.chunkIndex(), chunk.rowOffset(), chunk.rowCount(), chunk.byteCount())).toList();
            long totalBytes = infos.stream().mapToLong(StatementResponse.Chunk::byteCount).sum();
            return new StatementResponse.Manifest("JSON_ARRAY", new StatementResponse.Schema(columns.size(),
                    described), infos.size(), infos, rowCount, totalBytes, truncated);
        }

        private void end(StatementState next, SqlFailure failed) {
            synchronized (this) {
                if (state.terminal()) {
                    return;
                }
                state = next;
                failure = failed;
            }
            // One line per statement at INFO, as for commands, so someone watching the emulator can follow along.
            LOG.info("Statement {} {} after {} ms{}", id, next, TimeUnit.NANOSECONDS.toMillis(System.nanoTime()
                    - started), failed == null ? "" : " (" + failed.errorClass() + ")");
            done.complete(null);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "emulator-statement-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
