package io.lakebook.emulator.files;

import io.lakebook.emulator.http.ApiException;
import io.lakebook.emulator.http.ApiRequest;
import io.lakebook.emulator.http.ApiServer;
import io.lakebook.emulator.http.ErrorStyle;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The read side of DBFS (reference §4.1), over a folder on disk. Execution contexts write large plots under
 * {@code /FileStore/plots} there, as a cluster does, and clients fetch them with {@code dbfs/read}.
 */
public final class DbfsApi {
    /** reference §4.1: a read of more than 1 MB is refused. */
    static final long MAX_READ = 1024 * 1024;

    private final Path root;

    public DbfsApi(Path root) {
        this.root = root;
    }

    public void register(ApiServer server) {
        server.route("GET", "/api/2.0/dbfs/read", ErrorStyle.STANDARD, request -> io(() -> read(request)));
        server.route("GET", "/api/2.0/dbfs/get-status", ErrorStyle.STANDARD, request -> io(() -> getStatus(request)));
    }

    private Map<String, Object> read(ApiRequest request) throws IOException {
        Path file = existing(request.required("path"));
        long offset = number(request, "offset", 0);
        long length = number(request, "length", MAX_READ);
        if (Files.isDirectory(file) || offset < 0 || length < 0) {
            throw ApiException.badRequest("Cannot read " + request.required("path") + " at offset " + offset
                    + " with length " + length);
        }
        if (length > MAX_READ) {
            throw new ApiException(400, "MAX_READ_SIZE_EXCEEDED", "Cannot read more than " + MAX_READ + " bytes");
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long available = Math.max(0, in.length() - offset);
            byte[] data = new byte[(int) Math.min(length, available)];
            in.seek(Math.min(offset, in.length()));
            in.readFully(data);
            return Map.of("bytes_read", data.length, "data", Base64.getEncoder().encodeToString(data));
        }
    }

    private Map<String, Object> getStatus(ApiRequest request) throws IOException {
        String path = request.required("path");
        Path file = existing(path);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("path", path);
        info.put("is_dir", Files.isDirectory(file));
        info.put("file_size", Files.isDirectory(file) ? 0 : Files.size(file));
        info.put("modification_time", Files.getLastModifiedTime(file).toMillis());
        return info;
    }

    private interface IoCall {
        Object call() throws IOException;
    }

    private static Object io(IoCall call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new ApiException(500, "IO_ERROR", "DBFS could not read the file: " + e.getMessage());
        }
    }

    private Path existing(String path) {
        Path file = root.resolve(path.replaceFirst("^(dbfs:)?/+", "")).normalize();
        if (!file.startsWith(root) || !Files.exists(file)) {
            throw new ApiException(404, "RESOURCE_DOES_NOT_EXIST", "No file or directory exists on path " + path
                    + ".");
        }
        return file;
    }

    private static long number(ApiRequest request, String name, long fallback) {
        String text = request.optional(name).orElse(null);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a number, got " + text);
        }
    }
}
