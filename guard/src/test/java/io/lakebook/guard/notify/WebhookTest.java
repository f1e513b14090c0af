package io.lakebook.guard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class WebhookTest {
    @Test
    void namesTheCauseWhenNothingListensAtTheWebhook() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Webhook webhook = new Webhook("http://127.0.0.1:" + port + "/secret-path/hook");
        NotifyException refused = assertThrows(NotifyException.class, () -> webhook.send("{}"));
        assertEquals("the webhook at http://127.0.0.1:" + port + " could not be reached: the connection was refused "
                + "(nothing listens there)", refused.getMessage());
    }
}
