package io.lakebook.core.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.core.output.ClearOutput;
import io.lakebook.core.output.Output;
import io.lakebook.core.output.TextOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads what a notebook's command prints while it runs. The Command Execution API returns output only when a command
 * ends, and for a command that raised it returns only the traceback. So the notebook's context copies its stdout and
 * stderr into a file on the driver ({@code live_setup.py}, installed once per context in a namespace of its own), and
 * a second, lakebook-only context on the same cluster reads that file ({@code live_reader.py}). Contexts of one
 * cluster share the driver's file system, on Databricks as in the emulator, so this works the same on both.
 *
 * <p>Live output is a help, never a condition: when any step fails, the command's output arrives at its end as it
 * would without lakebook, and the failure is logged.
 */
final class LiveOutput {
    private static final Logger LOG = LoggerFactory.getLogger(LiveOutput.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READ_LIMIT = Duration.ofSeconds(20);
    private static final Duration SETUP_LIMIT = Duration.ofSeconds(60);
    private static final String SETUP = Commands.resource("live_setup.py");
    private static final String READER = Commands.resource("live_reader.py");
    /** After this many failed starts the reader is not tried again in this session; cells still show their output. */
    private static final int MAX_READER_FAILURES = 3;

    private final Commands commands;
    private final ExecutorService background;
    private volatile CompletableFuture<String> reader;
    private String token;
    private long offset;
    private boolean installed;
    private boolean userAlive = true;
    private boolean synced;
    private int readerFailures;
    private volatile boolean closed;

    LiveOutput(Commands commands, ExecutorService background) {
        this.commands = commands;
        this.background = background;
    }

    /**
     * Installs the copy in a new notebook context. Runs one command there; its text goes nowhere and it binds no
     * name the user sees. The reader context is created in the background, so the first cell does not wait for it.
     */
    void attach(String userContext) throws InterruptedException {
        token = UUID.randomUUID().toString();
        offset = 0;
        synced = true;
        installed = false;
        userAlive = true;
        try {
            commands.run(userContext, "exec(" + Commands.pythonString(SETUP) + ", {\"TOKEN\": "
                    + Commands.pythonString(token) + "})", SETUP_LIMIT);
            installed = true;
        } catch (RuntimeException e) {
            LOG.warn("Live output is off for context {}: {}", userContext, e.getMessage());
        }
        startReader();
    }

    /** Starts creating lakebook's own context now, before the notebook's context exists to {@link #attach}. */
    void prepare() {
        startReader();
    }

    /** True when the notebook's Python process was replaced (restartPython, %pip) and the copy must be redone. */
    boolean needsReattach() {
        return installed && !userAlive;
    }

    /** Whether text printed in the notebook's context is being copied. */
    boolean active() {
        return installed;
    }

    /**
     * Called before each command: when an earlier command's output was not read to its end (the reader was not
     * ready, or failed), skips past it, so that no cell shows another cell's output.
     */
    void begin() throws InterruptedException {
        if (installed && !synced) {
            String context = readerContext(READ_LIMIT);
            if (context != null && skipToEnd(context)) {
                synced = true;
            }
        }
    }

    /**
     * What the notebook's context printed since the last read, in order; empty when nothing or on any failure.
     *
     * @param last true for the read after the command ended, which waits for the reader to be ready
     */
    List<Output> read(boolean last) throws InterruptedException {
        if (!installed || !synced) {
            return List.of();
        }
        String context = readerContext(last ? READ_LIMIT : Duration.ofMillis(200));
        if (context == null) {
            synced = !last;
            return List.of();
        }
        List<Output> chunks = new ArrayList<>();
        try {
            boolean more = true;
            while (more) {
                JsonNode answer = JSON.readTree(commands.run(context, "_lakebook_read(" + Commands.pythonString(token)
                        + ", " + offset + ")", READ_LIMIT).strip());
                answer.path("chunks").forEach(chunk -> chunks.add(output(chunk)));
                long before = offset;
                offset = answer.path("next").asLong(offset);
                userAlive = answer.path("alive").asBoolean(true);
                more = answer.path("more").asBoolean(false) && offset > before;
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not read live output from context {}: {}", context, e.getMessage());
            dropReader();
            synced = false;
        }
        return chunks;
    }

    /** A record the reader returned: {@code ["stdout"|"stderr", text]} or {@code ["clear", "wait"|"now"]}. */
    private static Output output(JsonNode chunk) {
        String kind = chunk.get(0).asText();
        if (kind.equals("clear")) {
            return new ClearOutput("wait".equals(chunk.get(1).asText()));
        }
        return new TextOutput(chunk.get(1).asText(), kind.equals("stderr"));
    }

    private boolean skipToEnd(String context) throws InterruptedException {
        try {
            JsonNode answer = JSON.readTree(commands.run(context, "_lakebook_skip(" + Commands.pythonString(token)
                    + ")", READ_LIMIT).strip());
            offset = answer.path("next").asLong(offset);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not skip past earlier output in context {}: {}", context, e.getMessage());
            dropReader();
            return false;
        }
    }

    /**
     * Removes the output file and destroys the reader context, also one still being created: it is destroyed as soon
     * as it exists, so that none is left on the cluster. No reader is started afterwards.
     */
    void close() {
        closed = true;
        CompletableFuture<String> pending = reader;
        reader = null;
        if (pending == null) {
            return;
        }
        pending.thenAccept(context -> {
            try {
                commands.run(context, "_lakebook_forget(" + Commands.pythonString(token) + ")", READ_LIMIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.debug("Could not remove the live output file: {}", e.getMessage());
            }
            commands.destroyQuietly(context);
            LOG.info("Execution context {} (lakebook's live output reader) destroyed", context);
        });
    }

    /**
     * Gives up on the reader after a failed read: a new one is started for the next read, and this one is destroyed
     * in the background, so a reader that broke does not stay on the cluster.
     */
    private void dropReader() {
        CompletableFuture<String> failed = reader;
        reader = null;
        if (failed != null) {
            failed.thenAcceptAsync(commands::destroyEventually, background);
        }
    }

    /**
     * lakebook's own context on the cluster, which also copies the project's files ({@link ProjectSync}), waiting up
     * to {@code wait} for it to be created; null when there is none.
     */
    String internalContext(Duration wait) {
        return readerContext(wait);
    }

    /** The reader context's id, waiting up to {@code wait} for one being created; null when there is none. */
    private String readerContext(Duration wait) {
        CompletableFuture<String> pending = reader;
        if (pending == null) {
            startReader();
            pending = reader;
        }
        if (pending == null) {
            return null;
        }
        try {
            return pending.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            reader = null;
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private synchronized void startReader() {
        if (reader != null || closed || readerFailures >= MAX_READER_FAILURES) {
            return;
        }
        reader = CompletableFuture.supplyAsync(() -> {
            try {
                String id = commands.createContext(SETUP_LIMIT);
                commands.run(id, READER, SETUP_LIMIT);
                LOG.info("Execution context {} created for lakebook's live output", id);
                return id;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (RuntimeException e) {
                readerFailures++;
                LOG.warn("Live output is off: lakebook's reader context could not start: {}", e.getMessage());
                throw e;
            }
        }, background);
    }
}
