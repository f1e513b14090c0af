package io.lakebook.kernel.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import java.time.Duration;

/**
 * The five sockets a kernel binds, from the connection file: shell, control and stdin (ROUTER), IOPub (PUB) and the
 * heartbeat (REP, served on its own thread). See https://jupyter-client.readthedocs.io/en/stable/messaging.html
 */
public final class KernelSockets implements AutoCloseable {
    /** How long a channel loop waits for a message before it checks whether the kernel is stopping. */
    private static final int POLL_MILLIS = 100;
    /** How long closing waits for the last replies (the shutdown_reply) to leave. */
    private static final int LINGER_MILLIS = 1000;

    private final ZContext context;
    private final RouterChannel shell;
    private final RouterChannel control;
    private final RouterChannel stdin;
    private final Publisher iopub;
    private final Heartbeat heartbeat;
    private final Thread heartbeatThread;

    private KernelSockets(ConnectionInfo info) {
        context = new ZContext();
        context.setLinger(LINGER_MILLIS);
        // Bound before the signer is made: a front end's connection then succeeds sooner, and requests wait in the
        // sockets until the loops read them.
        ZMQ.Socket shellSocket = bind(SocketType.ROUTER, info, info.shellPort());
        ZMQ.Socket controlSocket = bind(SocketType.ROUTER, info, info.controlPort());
        ZMQ.Socket stdinSocket = bind(SocketType.ROUTER, info, info.stdinPort());
        ZMQ.Socket iopubSocket = bind(SocketType.PUB, info, info.iopubPort());
        heartbeat = new Heartbeat(bind(SocketType.REP, info, info.hbPort()));
        FrameCodec codec = new FrameCodec(new Signer(info.signatureScheme(), info.key()));
        shell = new RouterChannel("shell", shellSocket, codec);
        control = new RouterChannel("control", controlSocket, codec);
        stdin = new RouterChannel("stdin", stdinSocket, codec);
        iopub = new Publisher(iopubSocket, codec);
        heartbeatThread = new Thread(heartbeat, "lakebook-heartbeat");
        heartbeatThread.setDaemon(true);
    }

    /** Binds every socket and starts the heartbeat. */
    public static KernelSockets bind(ConnectionInfo info) {
        KernelSockets sockets = new KernelSockets(info);
        sockets.heartbeatThread.start();
        log().info("Bound shell {}, control {}, iopub {}, stdin {}, heartbeat {}", info.endpoint(info.shellPort()),
                info.endpoint(info.controlPort()), info.endpoint(info.iopubPort()), info.endpoint(info.stdinPort()),
                info.endpoint(info.hbPort()));
        return sockets;
    }

    public RouterChannel shell() {
        return shell;
    }

    public RouterChannel control() {
        return control;
    }

    public RouterChannel stdin() {
        return stdin;
    }

    public Publisher iopub() {
        return iopub;
    }

    /** Call only after the channel loops have ended: it closes sockets they may otherwise still use. */
    @Override
    public void close() {
        heartbeat.stop();
        join(heartbeatThread, Duration.ofSeconds(1));
        context.close();
        log().info("Closed the kernel's sockets");
    }

    private ZMQ.Socket bind(SocketType type, ConnectionInfo info, int port) {
        ZMQ.Socket socket = context.createSocket(type);
        socket.setReceiveTimeOut(POLL_MILLIS);
        socket.setLinger(LINGER_MILLIS);
        try {
            socket.bind(info.endpoint(port));
        } catch (ZMQException e) {
            context.close();
            throw new IllegalStateException("could not bind " + info.endpoint(port) + " (" + e.getMessage()
                    + "); another process may hold the port", e);
        }
        return socket;
    }

    private static void join(Thread thread, Duration timeout) {
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The logger, looked up where it is used: the first logger of the JVM loads the locale's calendar data for its
     * time stamps, which must not stand between the kernel's start and its bound sockets.
     */
    private static Logger log() {
        return LoggerFactory.getLogger(KernelSockets.class);
    }
}
