package io.lakebook.kernel;

import io.lakebook.core.Logs;
import io.lakebook.core.remote.RemoteSession;
import io.lakebook.kernel.session.SessionFactory;
import io.lakebook.kernel.transport.ConnectionInfo;
import io.lakebook.kernel.transport.InvalidConnectionFileException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The Databricks kernel as Jupyter starts it: {@code KernelMain -f CONNECTION_FILE}. Exit code 0 after a shutdown
 * request, 2 when the command line or the connection file is unusable, 1 when a socket cannot be bound (the one
 * stderr line says which and why).
 */
public final class KernelMain {
    static final int USAGE = 2;

    private KernelMain() {
    }

    public static void main(String[] args) {
        io.lakebook.core.config.UserHome.adoptForJvm();
        Logs.keepSecretsOut();
        System.exit(run(args));
    }

    /**
     * Runs the kernel until a front end shuts it down; the session is opened at the first cell with the settings of
     * the working directory (Jupyter starts kernels in the notebook's folder).
     *
     * @return the process exit code
     */
    public static int run(String[] args) {
        return run(args, () -> RemoteSession.open(Path.of("").toAbsolutePath()), System.err);
    }

    static int run(String[] args, SessionFactory sessions, PrintStream err) {
        if (args.length != 2 || !args[0].equals("-f")) {
            err.println("lakebook kernel: expected -f CONNECTION_FILE (Jupyter passes it through the kernel spec's "
                    + "argv as {connection_file}).");
            return USAGE;
        }
        ConnectionInfo info;
        try {
            info = ConnectionInfo.read(Path.of(args[1]));
        } catch (InvalidConnectionFileException e) {
            err.println("lakebook kernel: " + e.getMessage());
            return USAGE;
        }
        return serve(info, sessions, err);
    }

    /**
     * Jupyter names the process that started the kernel in {@code JPY_PARENT_PID}. When that process dies without a
     * shutdown request (a crashed front end), nothing else would ever stop this kernel, and its execution context
     * would stay on the cluster; ipykernel watches its parent for the same reason.
     */
    static void closeWhenParentExits(String parentPid, Kernel kernel) {
        if (parentPid == null || parentPid.isBlank()) {
            return;
        }
        try {
            ProcessHandle.of(Long.parseLong(parentPid.strip())).ifPresentOrElse(
                    parent -> parent.onExit().thenRun(() -> {
                        log().info("The process that started the kernel ({}) has exited; shutting down", parentPid);
                        kernel.close();
                    }),
                    kernel::close);
        } catch (NumberFormatException e) {
            log().warn("JPY_PARENT_PID is not a process id ({}); the kernel will not follow its parent", parentPid);
        }
    }

    private static int serve(ConnectionInfo info, SessionFactory sessions, PrintStream err) {
        Kernel kernel;
        try {
            kernel = Kernel.start(info, sessions);
        } catch (IllegalStateException e) {
            err.println("lakebook kernel: " + e.getMessage() + ". Restart the kernel from Jupyter.");
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(kernel::close, "lakebook-kernel-exit"));
        closeWhenParentExits(System.getenv("JPY_PARENT_PID"), kernel);
        try {
            kernel.awaitShutdownRequest();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            kernel.close();
        }
        return 0;
    }

    /**
     * The logger, looked up where it is used: the first logger of the JVM loads the locale's calendar data for its
     * time stamps, which must not stand between the kernel's start and its bound sockets.
     */
    private static Logger log() {
        return LoggerFactory.getLogger(KernelMain.class);
    }
}
