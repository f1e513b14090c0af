package io.lakebook.installer.startup;

import com.sun.net.httpserver.HttpServer;
import io.lakebook.core.error.LakebookException;
import io.lakebook.core.remote.ProgressListener;
import io.lakebook.core.remote.RemoteSession;
import io.lakebook.core.remote.Session;
import io.lakebook.goose.GooseMain;
import io.lakebook.installer.Main;
import io.lakebook.installer.command.Console;
import io.lakebook.kernel.transport.ConnectionInfo;
import io.lakebook.kernel.transport.FrameCodec;
import io.lakebook.kernel.transport.RawMessage;
import io.lakebook.kernel.transport.Secret;
import io.lakebook.kernel.transport.Signer;
import io.lakebook.kernel.wire.Header;
import io.lakebook.kernel.wire.JsonCodec;
import io.lakebook.kernel.wire.Message;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What {@link ClassArchive} records: the start of the kernel as Jupyter starts it ({@code lakebook kernel -f FILE},
 * answering a {@code kernel_info_request} and a {@code shutdown_request} from a front end on loopback), of
 * {@code lakebook mcp} (initialize, tools/list, reading a notebook) and a first cell's way to the workspace, each in
 * this one JVM, touching nothing of the user's and reaching no workspace. Exits 0 when the kernel and the server
 * answered.
 */
public final class Training {
    private static final String KEY = UUID.randomUUID().toString();
    private static final int WAIT_MILLIS = 30_000;

    private Training() {
    }

    public static void main(String[] args) throws Exception {
        Path scratch = Files.createTempDirectory("lakebook-training-");
        try {
            kernel(scratch);
            mcp(scratch);
            firstCell(scratch);
        } finally {
            delete(scratch);
        }
        System.exit(0);
    }

    private static void kernel(Path scratch) throws Exception {
        ConnectionInfo info = new ConnectionInfo("tcp", "127.0.0.1", freePort(), freePort(), freePort(), freePort(),
                freePort(), "hmac-sha256", Secret.of(KEY));
        Path file = scratch.resolve("kernel.json");
        Files.writeString(file, "{\"transport\": \"tcp\", \"ip\": \"127.0.0.1\", \"shell_port\": " + info.shellPort()
                + ", \"control_port\": " + info.controlPort() + ", \"iopub_port\": " + info.iopubPort()
                + ", \"stdin_port\": " + info.stdinPort() + ", \"hb_port\": " + info.hbPort()
                + ", \"signature_scheme\": \"hmac-sha256\", \"key\": \"" + KEY + "\"}");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Console console = new Console(quiet, quiet, Map.of(), scratch);
        CompletableFuture<Integer> kernel = CompletableFuture.supplyAsync(() -> Main.run(new String[] {"kernel", "-f",
                file.toString()}, console));
        try (ZContext context = new ZContext()) {
            FrameCodec frames = new FrameCodec(new Signer("hmac-sha256", Secret.of(KEY)));
            JsonCodec codec = new JsonCodec();
            ZMQ.Socket shell = connect(context, info, info.shellPort());
            ZMQ.Socket control = connect(context, info, info.controlPort());
            ask(shell, frames, codec, "kernel_info_request", Map.of());
            ask(control, frames, codec, "shutdown_request", Map.of("restart", false));
        }
        if (kernel.get(WAIT_MILLIS, TimeUnit.MILLISECONDS) != 0) {
            throw new IllegalStateException("the kernel did not shut down cleanly");
        }
    }

    private static void mcp(Path scratch) throws IOException {
        Path notebook = scratch.resolve("training.ipynb");
        Files.writeString(notebook, "{\"cells\": [{\"cell_type\": \"code\", \"id\": \"a1\", \"metadata\": {}, "
                + "\"execution_count\": 1, \"source\": \"print(1)\", \"outputs\": [{\"output_type\": \"stream\", "
                + "\"name\": \"stdout\", \"text\": \"1\\n\"}]}], \"metadata\": {}, \"nbformat\": 4, "
                + "\"nbformat_minor\": 5}");
        String requests = String.join("\n",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"lakebook-training\",\"version\":\"1\"}}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"notebook_read\","
                        + "\"arguments\":{\"path\":\"training.ipynb\"}}}") + "\n";
        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        int status = GooseMain.serve(new ByteArrayInputStream(requests.getBytes(StandardCharsets.UTF_8)), answers,
                Map.of(GooseMain.ENV_PROJECT_ROOT, scratch.toString()), scratch);
        String text = answers.toString(StandardCharsets.UTF_8);
        if (status != 0 || !text.contains("\"id\":3")) {
            throw new IllegalStateException("lakebook mcp did not answer its training requests: " + text);
        }
    }

    /**
     * A first cell's way up to the workspace: the settings, the SDK's client and a read of the cluster, against a
     * stand-in on loopback that knows no cluster, so the cell ends there with lakebook's message.
     */
    private static void firstCell(Path scratch) throws IOException, InterruptedException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"no cluster here\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(404, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Map<String, String> env = Map.of("DATABRICKS_HOST", "http://127.0.0.1:" + server.getAddress().getPort(),
                "DATABRICKS_TOKEN", "training", "DATABRICKS_CLUSTER_ID", "0000-000000-training",
                "DATABRICKS_CONFIG_FILE", scratch.resolve("no-databrickscfg").toString());
        try (Session session = RemoteSession.open(scratch, env)) {
            session.execute("1", ProgressListener.NONE);
        } catch (LakebookException expected) {
            // The stand-in has no cluster: the cell ends with the message a user would get.
        } finally {
            server.stop(0);
        }
    }

    private static ZMQ.Socket connect(ZContext context, ConnectionInfo info, int port) {
        ZMQ.Socket socket = context.createSocket(SocketType.DEALER);
        socket.setReceiveTimeOut(WAIT_MILLIS);
        socket.connect(info.endpoint(port));
        return socket;
    }

    /** Sends a request as a front end does and waits for its reply. */
    private static void ask(ZMQ.Socket socket, FrameCodec frames, JsonCodec codec, String type,
                            Map<String, Object> content) {
        Header header = new Header(UUID.randomUUID().toString(), "training", "lakebook", Instant.now().toString(),
                type, Header.PROTOCOL_VERSION);
        RawMessage raw = codec.encode(new Message<>(List.of(), header, null, Map.of(), content));
        List<byte[]> parts = frames.encode(raw);
        for (int i = 0; i < parts.size() - 1; i++) {
            socket.sendMore(parts.get(i));
        }
        socket.send(parts.get(parts.size() - 1));
        List<byte[]> reply = new ArrayList<>();
        do {
            byte[] part = socket.recv();
            if (part == null) {
                throw new IllegalStateException("the kernel did not answer " + type);
            }
            reply.add(part);
        } while (socket.hasReceiveMore());
        codec.decode(frames.decode(reply));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
