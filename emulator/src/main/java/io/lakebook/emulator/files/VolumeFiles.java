package io.lakebook.emulator.files;

import io.lakebook.emulator.http.ApiException;
import io.lakebook.emulator.http.ApiServer;
import io.lakebook.emulator.http.ErrorStyle;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which files are in the workspace's Unity Catalog volumes, for clients that check a file is there before they
 * refer to it (a job's JAR library): {@code HEAD /api/2.0/fs/files/Volumes/…} (reference §4.2, the SDK's
 * {@code files().getMetadata}) answers 200 for a file tests put there with {@link #put}, else 404. Contents are not
 * kept.
 */
public final class VolumeFiles {
    private static final String BASE = "/api/2.0/fs/files";
    private final Map<String, Long> files = new ConcurrentHashMap<>();
    private final Clock clock;

    public VolumeFiles(Clock clock) {
        this.clock = clock;
    }

    /** Records a file at {@code path} ({@code /Volumes/catalog/schema/volume/…}). */
    public void put(String path) {
        files.put(path, clock.millis());
    }

    public void register(ApiServer server) {
        server.routePrefix("HEAD", BASE + "/", ErrorStyle.STANDARD, request -> {
            String path = request.path().substring(BASE.length());
            if (!files.containsKey(path)) {
                throw new ApiException(404, "NOT_FOUND", "The file " + path + " does not exist.");
            }
            return null;
        });
    }
}
