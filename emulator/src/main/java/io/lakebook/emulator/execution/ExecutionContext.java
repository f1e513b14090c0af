package io.lakebook.emulator.execution;

import io.lakebook.emulator.http.ApiException;
import io.lakebook.emulator.python.DriverReply;
import io.lakebook.emulator.python.PythonProcess;
import io.lakebook.emulator.python.PythonRuntime;
import io.lakebook.emulator.python.SqlHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution context: a Python process that keeps its globals between commands, as a notebook attached to a
 * cluster does. Commands run one at a time in the order they arrive; the rest wait as {@code Queued}.
 */
final class ExecutionContext {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionContext.class);
    private static final long START_TIMEOUT_SECONDS = 60;

    final String id;
    final String clusterId;
    private final Object lock = new Object();
    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final ExecutorService runner;
    private final PythonProcess process;
    private final StuckCommands stuck;
    private ContextStatus status = ContextStatus.PENDING;

    ExecutionContext(String id, String clusterId, PythonRuntime runtime, SqlHandler sql, StuckCommands stuck) {
        this.id = id;
        this.clusterId = clusterId;
        this.stuck = stuck;
        this.runner = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "emulator-context-" + id);
            thread.setDaemon(true);
            return thread;
        });
        this.process = PythonProcess.start(runtime, "context-" + id, this::processEnded, sql);
        process.ready().orTimeout(START_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete(this::started);
    }

    ContextStatus status() {
        synchronized (lock) {
            return status;
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String execute(String code) {
        synchronized (lock) {
            if (status == ContextStatus.ERROR) {
                throw contextError("Context " + id + " is in state Error and cannot run commands: its Python "
                        + "process has ended. Create a new context.");
            }
            Command command = new Command(UUID.randomUUID().toString(), code);
            commands.put(command.id, command);
            runner.execute(() -> run(command));
            LOG.debug("Command {} queued in context {}: {}", command.id, id, code);
            return command.id;
        }
    }

    CommandStatusResponse commandStatus(String commandId) {
        synchronized (lock) {
            return find(commandId).snapshot();
        }
    }

    /** Queued → Cancelled at once; Running → Cancelling, then SIGINT; a finished command stays as it is. */
    void cancel(String commandId) {
        synchronized (lock) {
            Command command = find(commandId);
            if (command.status == CommandStatus.QUEUED) {
                command.end(CommandStatus.CANCELLED, null);
            } else if (command.status == CommandStatus.RUNNING) {
                command.status = CommandStatus.CANCELLING;
                if (!command.held) {
                    // Under the lock, so that the signal is out before the next command can be sent to the process.
                    process.interrupt();
                }
            }
        }
        LOG.debug("Cancel requested for command {} in context {}", commandId, id);
    }

    /** Kills the Python process; commands still running end with the context. */
    void close() {
        runner.shutdownNow();
        process.close();
    }

    private void run(Command command) {
        synchronized (lock) {
            if (command.status != CommandStatus.QUEUED) {
                return;
            }
        }
        if (!awaitReady(command)) {
            return;
        }
        boolean held;
        CompletableFuture<DriverReply> answer = null;
        synchronized (lock) {
            if (command.status != CommandStatus.QUEUED) {
                return;
            }
            command.status = CommandStatus.RUNNING;
            held = stuck.holds(command.code);
            command.held = held;
            if (!held) {
                answer = process.execute(command.id, command.code);
            }
        }
        if (held) {
            answer = afterRelease(command);
        }
        if (answer != null) {
            finish(command, answer);
        }
    }

    /** What a stuck command does once released: ends Cancelled if a cancel came meanwhile, else runs. */
    private CompletableFuture<DriverReply> afterRelease(Command command) {
        if (!sitOut(command)) {
            return null;
        }
        synchronized (lock) {
            command.held = false;
            if (command.status == CommandStatus.CANCELLING) {
                command.end(CommandStatus.CANCELLED, null);
                return null;
            }
            return process.execute(command.id, command.code);
        }
    }

    /** A stuck command blocks this context's runner until released; false when the context ended meanwhile. */
    private boolean sitOut(Command command) {
        LOG.info("Command {} in context {} is stuck (a fault): Running until released", command.id, id);
        try {
            stuck.awaitRelease(command.code);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        LOG.info("Command {} in context {} released", command.id, id);
        return true;
    }

    private boolean awaitReady(Command command) {
        try {
            process.ready().get();
            return true;
        } catch (ExecutionException e) {
            lost(command, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void finish(Command command, CompletableFuture<DriverReply> answer) {
        try {
            DriverReply reply = answer.get();
            synchronized (lock) {
                boolean cancelled = reply.cancelled() || command.status == CommandStatus.CANCELLING;
                command.end(cancelled ? CommandStatus.CANCELLED : CommandStatus.FINISHED,
                        cancelled ? null : reply.results());
                // One line per command at INFO lets someone watching the emulator follow a notebook cell by cell.
                LOG.info("Command {} in context {} {} after {} ms{}", command.id, id, command.status,
                        command.elapsedMillis(), command.results == null ? "" : " (" + command.results.resultType()
                                + " result)");
                LOG.debug("Command {} results: {}", command.id, reply.results());
            }
        } catch (ExecutionException e) {
            lost(command, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** reference §2.6: {@code Error} is for infrastructure failures, here the loss of the Python process. */
    private void lost(Command command, Throwable cause) {
        synchronized (lock) {
            command.end(CommandStatus.ERROR, CommandResults.failure(
                    "The Python process of execution context " + id + " has ended",
                    cause.getMessage() + "\n" + process.logTail()));
        }
    }

    private void started(DriverReply ready, Throwable failure) {
        synchronized (lock) {
            if (failure == null) {
                status = ContextStatus.RUNNING;
                LOG.info("Execution context {} running on cluster {} (Python {}, pid {})", id, clusterId,
                        ready.python(), ready.pid());
                return;
            }
            status = ContextStatus.ERROR;
        }
        String reason = failure instanceof TimeoutException
                ? "did not start within " + START_TIMEOUT_SECONDS + " s" : failure.getMessage();
        LOG.warn("Execution context {} on cluster {} failed to start: {}\n{}", id, clusterId, reason,
                process.logTail());
    }

    private void processEnded(int exitCode) {
        synchronized (lock) {
            status = ContextStatus.ERROR;
        }
        LOG.warn("The Python process of execution context {} on cluster {} ended unexpectedly (exit code {})\n{}",
                id, clusterId, exitCode, process.logTail());
    }

    private Command find(String commandId) {
        Command command = commands.get(commandId);
        if (command == null) {
            throw contextError("CommandNotFound: Command " + commandId + " does not exist in context " + id);
        }
        return command;
    }

    static ApiException contextError(String message) {
        return new ApiException(400, "INVALID_PARAMETER_VALUE", message);
    }
}
