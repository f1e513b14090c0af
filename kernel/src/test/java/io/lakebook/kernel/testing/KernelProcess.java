package io.lakebook.kernel.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.kernel.KernelMain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The kernel as Jupyter starts it, a child JVM with a connection file, whose log (stderr) goes to a file the test can
 * read; the test is the front end, through a {@link WireClient}. The process's threads and open files can be counted
 * from {@code /proc}.
 */
public final class KernelProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    public final String key = UUID.randomUUID().toString();
    public final Path log;
    public final WireClient client;
    private final Process process;

    private KernelProcess(Path dir, Map<String, String> env, String logLevel, List<String> jvmOptions)
            throws IOException {
        int shell = KernelFixture.freePort();
        int control = KernelFixture.freePort();
        int iopub = KernelFixture.freePort();
        int stdin = KernelFixture.freePort();
        int hb = KernelFixture.freePort();
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("transport", "tcp");
        connection.put("ip", "127.0.0.1");
        connection.put("shell_port", shell);
        connection.put("control_port", control);
        connection.put("iopub_port", iopub);
        connection.put("stdin_port", stdin);
        connection.put("hb_port", hb);
        connection.put("signature_scheme", "hmac-sha256");
        connection.put("key", key);
        Path file = dir.resolve("kernel-" + shell + ".json");
        JSON.writeValue(file.toFile(), connection);
        log = dir.resolve("kernel-" + shell + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=" + logLevel, "-cp",
                System.getProperty("java.class.path"), KernelMain.class.getName(), "-f", file.toString()));
        // The notebook's folder is a project copied to the cluster: the log and the connection file stay outside.
        Path work = Files.createDirectories(dir.resolve("work-" + shell));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("DATABRICKS_") || name.startsWith("LAKEBOOK_"));
        builder.environment().putAll(env);
        process = builder.start();
        client = new WireClient(port -> "tcp://127.0.0.1:" + port, shell, control, iopub, hb, key);
        client.awaitReady(Duration.ofSeconds(30));
    }

    /**
     * Starts a kernel with {@code env} (host, token, cluster) and the given log level; its connection file and log
     * are kept in {@code dir}, and it works in a folder of its own there.
     */
    public static KernelProcess start(Path dir, Map<String, String> env, String logLevel, String... jvmOptions)
            throws IOException {
        return new KernelProcess(dir, env, logLevel, List.of(jvmOptions));
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the kernel logged so far. */
    public String logText() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** The kernel's threads, counted in {@code /proc}. */
    public int threads() throws IOException {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            return (int) tasks.count();
        }
    }

    /** The kernel's open file descriptors (files, sockets, pipes), counted in {@code /proc}. */
    public int openFiles() throws IOException {
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            return (int) fds.count();
        }
    }

    /** Processes the kernel started and that still run (there should be none). */
    public long children() {
        return process.toHandle().descendants().filter(ProcessHandle::isAlive).count();
    }

    /** Heap in use right after a full collection, in KiB, read with {@code jcmd}. */
    public long heapAfterGcKib() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        java.util.regex.Matcher used = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
        if (!used.find()) {
            throw new AssertionError("jcmd GC.heap_info gave no heap figure: " + info);
        }
        return Long.parseLong(used.group(1));
    }

    private String jcmd(String what) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid()), what).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor(30, TimeUnit.SECONDS);
        return output;
    }

    /** Asks the kernel to shut down as a front end does, and waits for the process to end. */
    public boolean shutDown(Duration wait) throws InterruptedException {
        String id = client.send(WireClient.Channel.CONTROL, "shutdown_request", Map.of("restart", false));
        client.reply(WireClient.Channel.CONTROL, id, wait);
        return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        client.close();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
