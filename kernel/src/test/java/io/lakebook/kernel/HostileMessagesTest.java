package io.lakebook.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.emulator.Emulator;
import io.lakebook.emulator.faults.Trials;
import io.lakebook.kernel.testing.KernelProcess;
import io.lakebook.kernel.testing.WireClient;
import io.lakebook.kernel.testing.WireClient.Channel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several thousand generated malformed or hostile messages, on real ZeroMQ sockets, against a kernel running as
 * Jupyter starts it (logging at DEBUG, its most talkative): wrong signatures, missing frames, invalid JSON, huge
 * frames, unknown types, another client's session, content of the wrong types. Well-formed requests sent among
 * them are all answered; every dropped message leaves one log line; the kernel stays up; the HMAC key is in no log.
 */
class HostileMessagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final int HOSTILE = Integer.getInteger("lakebook.fuzz.messages", 3000);
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static Emulator emulator;

    @TempDir
    Path dir;

    @BeforeAll
    static void startEmulator() {
        emulator = Emulator.builder().build().start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    /** One generated message: its frames, and whether a well-behaved kernel answers it. */
    private record Forged(String kind, Channel channel, List<byte[]> frames, Optional<String> answeredId) {
    }

    @Test
    void answersTheWellFormedAmongThousandsOfHostileMessagesAndNeverShowsItsKey() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DATABRICKS_HOST", emulator.host());
        env.put("DATABRICKS_TOKEN", emulator.token());
        env.put("DATABRICKS_CLUSTER_ID", emulator.defaultClusterId());
        env.put("DATABRICKS_CONFIG_FILE", dir.resolve("no-databrickscfg").toString());
        try (KernelProcess kernel = KernelProcess.start(dir, env, "debug")) {
            Random random = new Random(20260904L);
            Forge forge = new Forge(kernel.key, random);
            List<String> answerable = new ArrayList<>();
            Map<String, Integer> dropped = new LinkedHashMap<>();
            Map<String, Integer> answeredHostile = new LinkedHashMap<>();
            Set<String> executes = new HashSet<>();
            for (int i = 0; i < HOSTILE; i++) {
                Forged message = forge.next(i);
                kernel.client.sendFrames(message.channel(), message.frames());
                if (message.answeredId().isPresent()) {
                    answerable.add(message.answeredId().get());
                    answeredHostile.merge(message.kind(), 1, Integer::sum);
                } else {
                    dropped.merge(message.kind(), 1, Integer::sum);
                }
                if (i % 25 == 0) {
                    answerable.add(kernel.client.send(Channel.SHELL, "kernel_info_request", Map.of()));
                    answerable.add(kernel.client.send(Channel.CONTROL, "kernel_info_request", Map.of()));
                    answerable.add(kernel.client.send(Channel.SHELL, "is_complete_request", Map.of("code",
                            "for x in y:")));
                }
                if (i % 500 == 0) {
                    String id = kernel.client.send(Channel.SHELL, "execute_request", cell("print(" + i + ")"));
                    answerable.add(id);
                    executes.add(id);
                }
            }

            Map<String, JsonNode> replies = collect(kernel.client, new HashSet<>(answerable));

            assertEquals(new HashSet<>(answerable), replies.keySet(), "every well-formed request has its reply");
            for (String id : executes) {
                assertEquals("ok", replies.get(id).at("/content/status").asText(), replies.get(id).toString());
            }
            assertTrue(kernel.isAlive(), "the kernel is still running");
            assertTrue(kernel.client.heartbeatEchoes(Duration.ofSeconds(5)), "and its heartbeat answers");
            String log = kernel.logText();
            int droppedTotal = dropped.values().stream().mapToInt(Integer::intValue).sum();
            assertEquals(droppedTotal, count(log, "Dropped a message on the "), "one log line per dropped message: "
                    + dropped);
            assertFalse(log.contains(kernel.key), () -> "the HMAC key appears in the kernel's log: "
                    + linesWith(log, kernel.key));
            assertFalse(log.contains(emulator.token()), () -> "the token appears in the kernel's log: "
                    + linesWith(log, emulator.token()));
            assertTrue(kernel.shutDown(Duration.ofSeconds(30)), "the kernel shut down when asked");
            dropped.forEach((kind, times) -> Trials.record("kernel", kind, times, "dropped with a log line; the "
                    + "well-formed requests around it answered", "nothing"));
            answeredHostile.forEach((kind, times) -> Trials.record("kernel", kind, times, "answered, as ipykernel "
                    + "does", "nothing"));
            Trials.record("kernel", "well-formed requests sent among them (kernel_info, is_complete, execute)",
                    answerable.size() - answeredHostile.values().stream().mapToInt(Integer::intValue).sum(),
                    "every one answered; the HMAC key in no log line", "nothing");
        }
    }

    private static Map<String, Object> cell(String code) {
        return Map.of("code", code, "silent", false, "store_history", true, "user_expressions", Map.of(),
                "allow_stdin", false, "stop_on_error", false);
    }

    /** Reads shell and control until every awaited request has its reply; fails on a reply to anything else. */
    private static Map<String, JsonNode> collect(WireClient client, Set<String> awaited) {
        Map<String, JsonNode> replies = new HashMap<>();
        Instant end = Instant.now().plus(WAIT);
        while (!replies.keySet().containsAll(awaited) && Instant.now().isBefore(end)) {
            for (Channel channel : Channel.values()) {
                Optional<JsonNode> reply;
                while ((reply = client.receive(channel, Duration.ofMillis(20))).isPresent()) {
                    String parent = reply.get().at("/parent_header/msg_id").asText();
                    assertTrue(awaited.contains(parent), "a reply to a message that should have been dropped: "
                            + reply.get());
                    assertFalse(replies.containsKey(parent), "two replies to " + parent);
                    replies.put(parent, reply.get());
                }
            }
        }
        return replies;
    }

    /** The lines holding {@code secret}, with it masked, to show where it leaked without leaking it again. */
    static List<String> linesWith(String log, String secret) {
        return log.lines().filter(line -> line.contains(secret)).limit(5)
                .map(line -> line.replace(secret, "<secret>")).map(line -> line.substring(0, Math.min(400,
                        line.length()))).toList();
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }

    /** Makes the hostile messages, from a seeded random source so that a failure can be replayed. */
    private static final class Forge {
        private final String key;
        private final Random random;

        Forge(String key, Random random) {
            this.key = key;
            this.random = random;
        }

        Forged next(int i) throws Exception {
            Channel channel = random.nextInt(4) == 0 ? Channel.CONTROL : Channel.SHELL;
            if (i > 0 && i % 1000 == 0) {
                return hugeFrame(channel);
            }
            return switch (random.nextInt(11)) {
                case 0 -> wrongSignature(channel);
                case 1 -> new Forged("no <IDS|MSG> delimiter", channel, List.of(randomBytes(1 + random.nextInt(64)),
                        randomBytes(random.nextInt(64))), Optional.empty());
                case 2 -> missingFrames(channel);
                case 3 -> signed("signed, header not JSON", channel, randomBytes(1 + random.nextInt(40)),
                        bytes("{}"), bytes("{}"), bytes("{}"), Optional.empty());
                case 4 -> signed("signed, content not JSON", channel, header("kernel_info_request", session()),
                        bytes("{}"), bytes("{}"), bytes("{\"code\": "), Optional.empty());
                case 5 -> signed("signed, header without msg_type", channel, bytes("{\"msg_id\": \"" + uuid()
                        + "\"}"), bytes("{}"), bytes("{}"), bytes("{}"), Optional.empty());
                case 6 -> wrongTypes(channel);
                case 7 -> unknownRequest(channel);
                case 8 -> otherSession(channel);
                case 9 -> signed("signed, metadata not an object", channel, header("kernel_info_request",
                        session()), bytes("{}"), bytes("[1, 2]"), bytes("{}"), Optional.empty());
                default -> new Forged("binary garbage after the delimiter", channel, List.of(DELIMITER,
                        randomBytes(64), randomBytes(random.nextInt(200)), randomBytes(10), randomBytes(10),
                        randomBytes(10)), Optional.empty());
            };
        }

        private Forged wrongSignature(Channel channel) throws Exception {
            byte[] header = header("kernel_info_request", session());
            List<byte[]> frames = new ArrayList<>(List.of(DELIMITER, hex(random.nextInt(3) == 0 ? 0 : 64), header,
                    bytes("{}"), bytes("{}"), bytes("{}")));
            return new Forged("wrong signature", channel, frames, Optional.empty());
        }

        private Forged missingFrames(Channel channel) throws Exception {
            byte[] header = header("kernel_info_request", session());
            List<byte[]> all = List.of(DELIMITER, bytes(WireClient.hmac(key, List.of(header, bytes("{}"),
                    bytes("{}"), bytes("{}")))), header, bytes("{}"), bytes("{}"));
            return new Forged("missing frames", channel, all.subList(0, 1 + random.nextInt(all.size())),
                    Optional.empty());
        }

        private Forged wrongTypes(Channel channel) throws Exception {
            String[] contents = {"{\"code\": {\"a\": 1}}", "{\"code\": \"x\", \"silent\": \"perhaps\"}",
                "{\"code\": [1, 2], \"store_history\": {}}"};
            String type = channel == Channel.SHELL ? "execute_request" : "shutdown_request";
            String content = channel == Channel.SHELL ? contents[random.nextInt(contents.length)]
                    : "{\"restart\": {\"a\": 1}}";
            return signed("signed, content of the wrong types", channel, header(type, session()), bytes("{}"),
                    bytes("{}"), bytes(content), Optional.empty());
        }

        private Forged unknownRequest(Channel channel) throws Exception {
            String id = uuid();
            return signed("signed, unknown request type", channel, header(id, "no_such_" + random.nextInt(1000)
                    + "_request", session()), bytes("{}"), bytes("{}"), bytes("{}"), Optional.of(id));
        }

        /** Another client's session id: a signed message from it is legitimate, as it is for ipykernel. */
        private Forged otherSession(Channel channel) throws Exception {
            String id = uuid();
            return signed("signed, another client's session", channel, header(id, "kernel_info_request",
                    "other-" + uuid()), bytes("{}"), bytes("{}"), bytes("{}"), Optional.of(id));
        }

        private Forged hugeFrame(Channel channel) throws Exception {
            byte[] huge = new byte[16 * 1024 * 1024 + random.nextInt(1024)];
            random.nextBytes(huge);
            return new Forged("unsigned 16 MB frame", channel, List.of(DELIMITER, hex(64), header(
                    "kernel_info_request", session()), bytes("{}"), bytes("{}"), huge), Optional.empty());
        }

        private Forged signed(String kind, Channel channel, byte[] header, byte[] parent, byte[] metadata,
                              byte[] content, Optional<String> answered) {
            List<byte[]> parts = List.of(header, parent, metadata, content);
            List<byte[]> frames = new ArrayList<>();
            frames.add(DELIMITER);
            frames.add(bytes(WireClient.hmac(key, parts)));
            frames.addAll(parts);
            return new Forged(kind, channel, frames, answered);
        }

        private byte[] header(String type, String session) throws Exception {
            return header(uuid(), type, session);
        }

        private byte[] header(String id, String type, String session) throws Exception {
            ObjectNode header = JSON.createObjectNode().put("msg_id", id).put("session", session)
                    .put("username", "fuzz").put("date", Instant.now().toString()).put("msg_type", type)
                    .put("version", "5.3");
            return JSON.writeValueAsBytes(header);
        }

        private String session() {
            return "fuzz-" + random.nextInt(5);
        }

        private String uuid() {
            return new UUID(random.nextLong(), random.nextLong()).toString();
        }

        private byte[] hex(int length) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                text.append(Character.forDigit(random.nextInt(16), 16));
            }
            return bytes(text.toString());
        }

        private byte[] randomBytes(int length) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            return bytes;
        }

        private static byte[] bytes(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }
}
