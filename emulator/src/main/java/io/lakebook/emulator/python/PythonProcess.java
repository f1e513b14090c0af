package io.lakebook.emulator.python;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lakebook.emulator.EmulatorException;
import io.lakebook.emulator.http.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running {@code driver.py}: the Python interpreter behind an execution context. Commands go in as JSON lines on
 * the process's standard input, answers come back as JSON lines on its standard output; everything else the process
 * writes lands in its log file. Cancel is SIGINT, which interrupts the running command only, and stops the
 * {@code spark.sql} query it may be waiting for.
 */
public final class PythonProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PythonProcess.class);
    private static final int LOG_TAIL_CHARS = 2000;

    private final Process process;
    private final Path log;
    private final OutputStream input;
    private final CompletableFuture<DriverReply> ready = new CompletableFuture<>();
    private final Map<String, CompletableFuture<DriverReply>> pending = new ConcurrentHashMap<>();
    private final SqlHandler sql;
    private final ExecutorService sqlRunner;
    private volatile boolean closing;

    private PythonProcess(Process process, Path log, SqlHandler sql, String name) {
        this.process = process;
        this.log = log;
        this.input = process.getOutputStream();
        this.sql = sql;
        this.sqlRunner = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "emulator-" + name + "-sql");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Whether an environment variable is a sign-in setting: the Databricks SDK's, a cloud's, or any token. */
    static boolean isCredential(String name) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        return upper.startsWith("DATABRICKS_") || upper.startsWith("ARM_") || upper.startsWith("GOOGLE_")
                || upper.contains("TOKEN") || upper.contains("SECRET") || upper.contains("PASSWORD");
    }

    /**
     * Starts the driver. {@code onUnexpectedExit} is told the exit code if the process ends before {@link #close()}.
     */
    public static PythonProcess start(PythonRuntime runtime, String name, IntConsumer onUnexpectedExit,
                                      SqlHandler sql) {
        Path log = runtime.workDirectory().resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(runtime.python().toString(), runtime.driver().toString())
                .directory(runtime.workDirectory().toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // A cluster's driver does not see the credentials of the laptop that sends it code: none of the emulator's
        // own environment's sign-in settings reach the notebook's Python.
        builder.environment().keySet().removeIf(PythonProcess::isCredential);
        // Figures render off-screen, as on a cluster driver; no .pyc files land next to the user's modules.
        builder.environment().put("MPLBACKEND", "Agg");
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        builder.environment().put("LAKEBOOK_EMULATOR_DBFS", runtime.dbfsRoot().toString());
        // The driver's local disk is this emulator's own: what contexts leave in /tmp goes when the emulator closes.
        builder.environment().put("TMPDIR", runtime.driverTemp().toString());
        try {
            PythonProcess started = new PythonProcess(builder.start(), log, sql, name);
            started.readAnswers(name, onUnexpectedExit);
            return started;
        } catch (IOException e) {
            throw new EmulatorException("Cannot start the Python interpreter " + runtime.python() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Completes once the driver has said it is ready to run commands. */
    public CompletableFuture<DriverReply> ready() {
        return ready;
    }

    /** Sends a command; the future completes with its answer, or fails with {@link DriverLostException}. */
    public CompletableFuture<DriverReply> execute(String commandId, String code) {
        CompletableFuture<DriverReply> answer = new CompletableFuture<>();
        pending.put(commandId, answer);
        try {
            send(Map.of("type", "execute", "id", commandId, "code", code));
        } catch (IOException e) {
            pending.remove(commandId);
            answer.completeExceptionally(new DriverLostException("The Python process is gone: " + e.getMessage()));
        }
        return answer;
    }

    /** Interrupts the running command with SIGINT; returns once the signal has been sent. */
    public void interrupt() {
        sql.cancel();
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                LOG.warn("Could not send SIGINT to Python process {}", process.pid());
            }
        } catch (IOException e) {
            LOG.warn("Could not run kill to interrupt Python process {}", process.pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The end of the process's log, where a crash leaves its reason. */
    public String logTail() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() <= LOG_TAIL_CHARS ? text : text.substring(text.length() - LOG_TAIL_CHARS);
        } catch (IOException e) {
            return "";
        }
    }

    /** Kills the process and anything it started, and waits until they are gone. */
    @Override
    public void close() {
        closing = true;
        sqlRunner.shutdownNow();
        sql.close();
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                LOG.warn("Python process {} did not end within 10 s of SIGKILL", process.pid());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteLog();
    }

    private void readAnswers(String name, IntConsumer onUnexpectedExit) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    dispatch(line);
                }
            } catch (IOException e) {
                LOG.debug("Reading from Python process {} stopped", process.pid(), e);
            }
            ended(onUnexpectedExit);
        }, "emulator-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void dispatch(String line) {
        DriverReply reply;
        try {
            reply = Json.MAPPER.readValue(line, DriverReply.class);
        } catch (JsonProcessingException e) {
            LOG.warn("Python process {} sent a line that is not protocol JSON; ignored: {}", process.pid(),
                    line.length() > 200 ? line.substring(0, 200) + "…" : line);
            return;
        }
        if ("ready".equals(reply.type())) {
            ready.complete(reply);
            return;
        }
        if ("sql".equals(reply.type())) {
            sqlRunner.execute(() -> answerSql(reply));
            return;
        }
        CompletableFuture<DriverReply> answer = reply.id() == null ? null : pending.remove(reply.id());
        if (answer == null) {
            LOG.warn("Python process {} answered a command it was not asked: {}", process.pid(), reply.id());
            return;
        }
        answer.complete(reply);
    }

    /** Runs a {@code spark.sql} query off the reader thread, so the process's other lines keep flowing. */
    private void answerSql(DriverReply request) {
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("type", "sql_result");
        answer.put("id", request.id());
        answer.putAll(sql.answer(request.query() == null ? "" : request.query(),
                request.args() == null ? List.of() : request.args()));
        try {
            send(answer);
        } catch (IOException e) {
            LOG.debug("Python process {} went away before its SQL answer was sent", process.pid(), e);
        }
    }

    private void send(Object message) throws IOException {
        byte[] line = Json.MAPPER.writeValueAsBytes(message);
        synchronized (input) {
            input.write(line);
            input.write('\n');
            input.flush();
        }
    }

    private void ended(IntConsumer onUnexpectedExit) {
        int exitCode = waitForExit();
        DriverLostException lost = new DriverLostException("The Python process ended (exit code " + exitCode + ")");
        ready.completeExceptionally(lost);
        pending.values().forEach(answer -> answer.completeExceptionally(lost));
        pending.clear();
        if (!closing) {
            onUnexpectedExit.accept(exitCode);
        }
    }

    private int waitForExit() {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void deleteLog() {
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            LOG.debug("Could not delete {}", log, e);
        }
    }
}
