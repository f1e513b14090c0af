package io.lakebook.guard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** A webhook on loopback (the JDK's HTTP server) that keeps every JSON body posted to it. */
final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final List<JsonNode> received = new ArrayList<>();
    private volatile int refuseWith;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hooks/guard", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                JsonNode body = JSON.readTree(in);
                if (refuseWith != 0) {
                    exchange.sendResponseHeaders(refuseWith, -1);
                    return;
                }
                synchronized (received) {
                    received.add(body);
                }
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/guard";
    }

    /** Answers every post with {@code status} (and keeps nothing) until called again with 0. */
    void refuseWith(int status) {
        refuseWith = status;
    }

    /** The bodies received for {@code user}, oldest first. */
    List<JsonNode> bodies(String user) {
        synchronized (received) {
            return received.stream().filter(body -> user.equals(body.path("user").asText())).toList();
        }
    }

    /** The events received for {@code user}, such as {@code blocked}, oldest first. */
    List<String> events(String user) {
        synchronized (received) {
            return received.stream().filter(body -> user.equals(body.path("user").asText()))
                    .map(body -> body.path("event").asText()).toList();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
