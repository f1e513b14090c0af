package io.lakebook.kernel.testing;

import io.lakebook.kernel.Kernel;
import io.lakebook.kernel.session.SessionFactory;
import io.lakebook.kernel.transport.ConnectionInfo;
import io.lakebook.kernel.transport.Secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;

/** A kernel in this JVM on free loopback ports, with a connected {@link WireClient}. */
public final class KernelFixture implements AutoCloseable {
    public final String key = UUID.randomUUID().toString();
    public final ConnectionInfo info;
    public final Kernel kernel;
    public final WireClient client;

    public KernelFixture(SessionFactory sessions) {
        info = new ConnectionInfo("tcp", "127.0.0.1", freePort(), freePort(), freePort(), freePort(), freePort(),
                "hmac-sha256", Secret.of(key));
        kernel = Kernel.start(info, sessions);
        client = new WireClient(info::endpoint, info.shellPort(), info.controlPort(), info.iopubPort(),
                info.hbPort(), key);
        client.awaitReady(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        client.close();
        kernel.close();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
