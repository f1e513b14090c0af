package io.lakebook.kernel;

import io.lakebook.kernel.handler.ChannelLoop;
import io.lakebook.kernel.handler.Dispatcher;
import io.lakebook.kernel.handler.Iopub;
import io.lakebook.kernel.handler.KernelHandlers;
import io.lakebook.kernel.handler.ServeWhileRunning;
import io.lakebook.kernel.handler.StopOnError;
import io.lakebook.kernel.session.LazySession;
import io.lakebook.kernel.session.SessionFactory;
import io.lakebook.kernel.transport.ConnectionInfo;
import io.lakebook.kernel.transport.KernelSockets;
import io.lakebook.kernel.transport.FrameCodec;
import io.lakebook.kernel.transport.RawMessage;
import io.lakebook.kernel.transport.Signer;
import io.lakebook.kernel.wire.Header;
import io.lakebook.kernel.wire.JsonCodec;
import io.lakebook.kernel.wire.Message;
import io.lakebook.kernel.wire.MessageFactory;
import io.lakebook.kernel.wire.MessageType;
import io.lakebook.kernel.wire.iopub.IOPubStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One running kernel: its sockets, the shell and control loops on their own threads, and the notebook's session.
 * It runs until a shutdown request or {@link #close}.
 */
public final class Kernel implements AutoCloseable {
    /** How long closing waits for a cell still running to publish its end. */
    private static final Duration SHELL_GRACE = Duration.ofSeconds(5);

    private final KernelSockets sockets;
    private final LazySession session;
    private final ScheduledExecutorService ticker;
    private final CountDownLatch shutdownRequested = new CountDownLatch(1);
    private final ChannelLoop shell;
    private final ChannelLoop control;
    private final Thread shellThread;
    private final Thread controlThread;
    private boolean closed;

    private Kernel(ConnectionInfo info, SessionFactory sessions) {
        // Jackson's and the HMAC's first use (loading and initialising their classes) take about as long as binding
        // the sockets. Done meanwhile on another thread, a front end finds the kernel listening, and answered, sooner.
        FutureTask<JsonCodec> warming = new FutureTask<>(() -> warmCodec(info));
        daemon("lakebook-warm-up").newThread(warming).start();
        sockets = KernelSockets.bind(info);
        MessageFactory messages = new MessageFactory(UUID.randomUUID().toString(), System.getProperty("user.name"));
        session = new LazySession(sessions);
        ticker = Executors.newSingleThreadScheduledExecutor(daemon("lakebook-progress"));
        JsonCodec codec = warmed(warming);
        Iopub iopub = new Iopub(sockets.iopub(), codec, messages);
        // Execute runs only on the shell loop's thread, which is the thread allowed to read the shell socket.
        StopOnError stopOnError = this::collectQueuedShellRequests;
        ServeWhileRunning serveWhileRunning = this::serveShellUntil;
        KernelHandlers handlers = new KernelHandlers(session, iopub, messages, stopOnError, serveWhileRunning,
                ticker, shutdownRequested::countDown);

        Dispatcher shellDispatcher = new Dispatcher(iopub, messages);
        handlers.registerShell(shellDispatcher);
        Dispatcher controlDispatcher = new Dispatcher(iopub, messages);
        handlers.registerControl(controlDispatcher);
        shell = new ChannelLoop(sockets.shell(), codec, shellDispatcher);
        control = new ChannelLoop(sockets.control(), codec, controlDispatcher);
        shellThread = daemon("lakebook-shell").newThread(shell);
        controlThread = daemon("lakebook-control").newThread(control);
        iopub.publish(null, IOPubStatus.STARTING);
    }

    /** Binds the sockets and starts serving; the session is opened at the first cell. */
    public static Kernel start(ConnectionInfo info, SessionFactory sessions) {
        Kernel kernel = new Kernel(info, sessions);
        kernel.shellThread.start();
        kernel.controlThread.start();
        log().info("The Databricks kernel is ready");
        return kernel;
    }

    /** Blocks until a front end asks the kernel to shut down. */
    public void awaitShutdownRequest() throws InterruptedException {
        shutdownRequested.await();
    }

    /** Stops the loops, destroys the remote context if it still exists, and closes the sockets. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        shutdownRequested.countDown();
        control.stop();
        join(controlThread, Duration.ofSeconds(2));
        try {
            session.interrupt();
            session.close();
        } catch (RuntimeException e) {
            log().warn("The execution context could not be destroyed: {}", e.getMessage());
        }
        shell.stop();
        join(shellThread, SHELL_GRACE);
        ticker.shutdownNow();
        sockets.close();
        log().info("The Databricks kernel has shut down");
    }

    /** A codec that has written and read the messages of a first kernel_info request once. */
    private static JsonCodec warmCodec(ConnectionInfo info) {
        JsonCodec codec = new JsonCodec();
        MessageFactory messages = new MessageFactory("warm-up", "lakebook");
        Header header = new Header(UUID.randomUUID().toString(), messages.session(), "lakebook", Instant.now()
                .toString(), MessageType.KERNEL_INFO_REQUEST.wireName(), Header.PROTOCOL_VERSION);
        Message<?> request = codec.decode(codec.encode(new Message<>(List.of(), header, null, Map.of(), Map.of())));
        RawMessage reply = codec.encode(messages.reply(request, KernelHandlers.kernelInfo("")));
        codec.encode(messages.publication(request, IOPubStatus.BUSY));
        new FrameCodec(new Signer(info.signatureScheme(), info.key())).encode(reply);
        return codec;
    }

    private static JsonCodec warmed(FutureTask<JsonCodec> warming) {
        try {
            return warming.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new JsonCodec();
        } catch (ExecutionException e) {
            log().debug("Warming the message codec failed; the first messages are only slower", e.getCause());
            return new JsonCodec();
        }
    }

    private void serveShellUntil(java.util.concurrent.Future<?> running) throws InterruptedException {
        shell.serveUntil(running);
    }

    private void collectQueuedShellRequests() {
        shell.collectQueuedRequests();
    }

    private static void join(Thread thread, Duration timeout) {
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * The logger, looked up where it is used: the first logger of the JVM loads the locale's calendar data for its
     * time stamps, which must not stand between the kernel's start and its bound sockets.
     */
    private static Logger log() {
        return LoggerFactory.getLogger(Kernel.class);
    }
}
