package io.lakebook.kernel.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * Echoes every ping on the heartbeat REP socket from its own thread, so that a front end sees the kernel alive while
 * a long cell runs. The socket is closed with the context, after this thread ends.
 * See https://jupyter-client.readthedocs.io/en/stable/messaging.html#heartbeat-for-kernels
 */
final class Heartbeat implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    private final ZMQ.Socket socket;
    private volatile boolean running = true;

    Heartbeat(ZMQ.Socket socket) {
        this.socket = socket;
    }

    @Override
    public void run() {
        try {
            while (running) {
                byte[] ping = socket.recv(0);
                if (ping != null) {
                    socket.send(ping, socket.hasReceiveMore() ? ZMQ.SNDMORE : 0);
                }
            }
        } catch (ZMQException e) {
            if (running) {
                LOG.error("The heartbeat stopped", e);
            }
        }
    }

    void stop() {
        running = false;
    }
}
