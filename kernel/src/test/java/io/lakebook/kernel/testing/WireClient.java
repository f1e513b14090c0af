package io.lakebook.kernel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * A Jupyter front end in a few lines of jeromq, written independently of the kernel's own codec: it signs with its
 * own HMAC and checks every signature the kernel sends, so a wire test fails if either side drifts from the spec.
 */
public final class WireClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

    private final ZContext context = new ZContext();
    private final String key;
    private final String session = UUID.randomUUID().toString();
    private final ZMQ.Socket shell;
    private final ZMQ.Socket control;
    private final ZMQ.Socket iopub;
    private final ZMQ.Socket heartbeat;

    /** Connects to the ports of a connection file; {@code endpoint} turns a port into a ZeroMQ address. */
    public WireClient(IntFunction<String> endpoint, int shellPort, int controlPort, int iopubPort, int hbPort,
                      String key) {
        this.key = key;
        shell = connect(SocketType.DEALER, endpoint.apply(shellPort));
        control = connect(SocketType.DEALER, endpoint.apply(controlPort));
        iopub = connect(SocketType.SUB, endpoint.apply(iopubPort));
        iopub.subscribe(new byte[0]);
        heartbeat = connect(SocketType.REQ, endpoint.apply(hbPort));
    }

    public enum Channel { SHELL, CONTROL }

    /** Sends a request and returns its msg_id. */
    public String send(Channel channel, String msgType, Map<String, Object> content) {
        return sendSigned(channel, msgType, content, null);
    }

    /** Sends a request with a forged signature; the kernel must drop it. */
    public String sendForged(Channel channel, String msgType, Map<String, Object> content) {
        return sendSigned(channel, msgType, content, "0".repeat(64));
    }

    public void sendFrames(Channel channel, List<byte[]> frames) {
        ZMQ.Socket socket = socket(channel);
        for (int i = 0; i < frames.size() - 1; i++) {
            socket.sendMore(frames.get(i));
        }
        socket.send(frames.get(frames.size() - 1));
    }

    /** The next message on shell or control, signature checked, or empty after the timeout. */
    public Optional<JsonNode> receive(Channel channel, Duration timeout) {
        return receive(socket(channel), timeout, false);
    }

    public JsonNode reply(Channel channel, String requestId, Duration timeout) {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            Optional<JsonNode> message = receive(channel, Duration.between(Instant.now(), end));
            if (message.isPresent() && requestId.equals(message.get().at("/parent_header/msg_id").asText())) {
                return message.get();
            }
        }
        throw new AssertionError("no reply to " + requestId + " within " + timeout);
    }

    public Optional<JsonNode> nextIopub(Duration timeout) {
        return receive(iopub, timeout, true);
    }

    /** The IOPub messages of one request, from its busy status to its idle status. */
    public List<JsonNode> iopubUntilIdle(String requestId, Duration timeout) {
        List<JsonNode> messages = new ArrayList<>();
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            Optional<JsonNode> message = nextIopub(Duration.between(Instant.now(), end));
            if (message.isEmpty() || !requestId.equals(message.get().at("/parent_header/msg_id").asText())) {
                continue;
            }
            messages.add(message.get());
            if (message.get().at("/content/execution_state").asText().equals("idle")) {
                return messages;
            }
        }
        throw new AssertionError("no idle status for " + requestId + " within " + timeout + "; got " + messages);
    }

    /** Sends kernel_info until IOPub delivers too: a SUB socket misses what is published before it connects. */
    public void awaitReady(Duration timeout) {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            String id = send(Channel.SHELL, "kernel_info_request", Map.of());
            reply(Channel.SHELL, id, Duration.ofSeconds(5));
            if (nextIopub(Duration.ofMillis(200)).isPresent()) {
                drainIopub();
                return;
            }
        }
        throw new AssertionError("the kernel's IOPub did not deliver within " + timeout);
    }

    public void drainIopub() {
        while (nextIopub(Duration.ofMillis(100)).isPresent()) {
            // Discard what earlier requests published.
        }
    }

    public boolean heartbeatEchoes(Duration timeout) {
        heartbeat.setReceiveTimeOut((int) timeout.toMillis());
        heartbeat.send("ping");
        byte[] echo = heartbeat.recv(0);
        return echo != null && new String(echo, StandardCharsets.UTF_8).equals("ping");
    }

    public static String hmac(String key, List<byte[]> parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            parts.forEach(mac::update);
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }

    private String sendSigned(Channel channel, String msgType, Map<String, Object> content, String signature) {
        String id = UUID.randomUUID().toString();
        ObjectNode header = JSON.createObjectNode().put("msg_id", id).put("session", session)
                .put("username", "test").put("date", Instant.now().toString()).put("msg_type", msgType)
                .put("version", "5.3");
        List<byte[]> parts = List.of(bytes(header), "{}".getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8), bytes(JSON.valueToTree(content)));
        List<byte[]> frames = new ArrayList<>();
        frames.add(DELIMITER);
        frames.add((signature != null ? signature : key.isEmpty() ? "" : hmac(key, parts))
                .getBytes(StandardCharsets.US_ASCII));
        frames.addAll(parts);
        sendFrames(channel, frames);
        return id;
    }

    private Optional<JsonNode> receive(ZMQ.Socket socket, Duration timeout, boolean hasTopic) {
        socket.setReceiveTimeOut((int) Math.max(1, timeout.toMillis()));
        byte[] first = socket.recv(0);
        if (first == null) {
            return Optional.empty();
        }
        List<byte[]> frames = new ArrayList<>(List.of(first));
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return Optional.of(parse(frames, hasTopic));
    }

    private JsonNode parse(List<byte[]> frames, boolean hasTopic) {
        int delimiter = hasTopic ? 1 : 0;
        if (!java.util.Arrays.equals(frames.get(delimiter), DELIMITER)) {
            throw new AssertionError("expected the <IDS|MSG> delimiter at frame " + delimiter);
        }
        List<byte[]> parts = frames.subList(delimiter + 2, delimiter + 6);
        String signature = new String(frames.get(delimiter + 1), StandardCharsets.US_ASCII);
        String expected = key.isEmpty() ? "" : hmac(key, parts);
        if (!signature.equals(expected)) {
            throw new AssertionError("the kernel sent a message with a wrong signature");
        }
        try {
            ObjectNode message = JSON.createObjectNode();
            message.set("header", JSON.readTree(parts.get(0)));
            message.set("parent_header", JSON.readTree(parts.get(1)));
            message.set("metadata", JSON.readTree(parts.get(2)));
            message.set("content", JSON.readTree(parts.get(3)));
            return message;
        } catch (java.io.IOException e) {
            throw new AssertionError("the kernel sent unreadable JSON", e);
        }
    }

    private ZMQ.Socket socket(Channel channel) {
        return channel == Channel.SHELL ? shell : control;
    }

    private ZMQ.Socket connect(SocketType type, String endpoint) {
        ZMQ.Socket socket = context.createSocket(type);
        socket.setLinger(0);
        socket.connect(endpoint);
        return socket;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
