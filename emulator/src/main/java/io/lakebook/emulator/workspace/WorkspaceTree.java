package io.lakebook.emulator.workspace;

import io.lakebook.emulator.http.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workspace's file tree: folders, notebooks and files by absolute path, with the errors Databricks answers
 * (reference §5). {@code /}, {@code /Users}, {@code /Shared} and the user's home exist from the start.
 *
 * <p>Thread-safe: every method holds the tree's lock.
 */
public final class WorkspaceTree {
    private final Map<String, WorkspaceObject> objects = new TreeMap<>();
    private final AtomicLong ids = new AtomicLong(1_234_567_890_123_456L);

    public WorkspaceTree(String userName) {
        long now = System.currentTimeMillis();
        for (String path : List.of("/", "/Users", "/Shared", "/Users/" + userName)) {
            put(new WorkspaceObject(path, "DIRECTORY", ids.incrementAndGet(), null, new byte[0], now, now));
        }
    }

    synchronized WorkspaceObject get(String path) {
        WorkspaceObject object = objects.get(normal(path));
        if (object == null) {
            // reference §5.2: the real wording echoes the requested path.
            throw new ApiException(404, "RESOURCE_DOES_NOT_EXIST", "Path (" + path + ") doesn't exist.");
        }
        return object;
    }

    /** The objects directly in a folder; a notebook or file lists as itself (⚠ not documented). */
    synchronized List<WorkspaceObject> list(String path) {
        WorkspaceObject object = get(path);
        if (!object.isDirectory()) {
            return List.of(object);
        }
        String prefix = object.path().equals("/") ? "/" : object.path() + "/";
        List<WorkspaceObject> children = new ArrayList<>();
        for (WorkspaceObject child : objects.values()) {
            String rest = child.path().startsWith(prefix) ? child.path().substring(prefix.length()) : "";
            if (!rest.isEmpty() && !rest.contains("/")) {
                children.add(child);
            }
        }
        return children;
    }

    /** reference §5.4: the parent must exist; an existing object is replaced only with overwrite. */
    synchronized void write(String path, String type, String language, byte[] content, boolean overwrite) {
        String normal = normal(path);
        WorkspaceObject parent = objects.get(parentOf(normal));
        if (parent == null || !parent.isDirectory()) {
            throw new ApiException(404, "RESOURCE_DOES_NOT_EXIST", "The parent folder (" + parentOf(normal)
                    + ") does not exist.");
        }
        WorkspaceObject existing = objects.get(normal);
        if (existing != null && (!overwrite || existing.isDirectory())) {
            throw new ApiException(400, "RESOURCE_ALREADY_EXISTS", "Node named '" + nameOf(normal)
                    + "' already exists");
        }
        long now = System.currentTimeMillis();
        long id = existing == null ? ids.incrementAndGet() : existing.objectId();
        long created = existing == null ? now : existing.createdAt();
        put(new WorkspaceObject(normal, type, id, language, content, created, now));
    }

    /** reference §5.6: creates missing parents; an existing folder is fine; anything else in the way is an error. */
    synchronized void mkdirs(String path) {
        String normal = normal(path);
        List<String> missing = new ArrayList<>();
        for (String p = normal; !objects.containsKey(p); p = parentOf(p)) {
            missing.add(0, p);
        }
        String blocking = missing.isEmpty() ? normal : parentOf(missing.get(0));
        if (!objects.get(blocking).isDirectory()) {
            throw new ApiException(400, "RESOURCE_ALREADY_EXISTS", "Path (" + blocking + ") already exists and it "
                    + "is not a folder.");
        }
        long now = System.currentTimeMillis();
        missing.forEach(p -> put(new WorkspaceObject(p, "DIRECTORY", ids.incrementAndGet(), null, new byte[0], now,
                now)));
    }

    /** reference §5.6: a folder with content goes only with recursive (⚠ the error code is a guess). */
    synchronized void delete(String path, boolean recursive) {
        WorkspaceObject object = get(path);
        if (object.path().equals("/")) {
            throw ApiException.badRequest("The root folder cannot be deleted.");
        }
        List<WorkspaceObject> children = list(object.path());
        if (object.isDirectory() && !children.isEmpty() && !recursive) {
            throw new ApiException(400, "DIRECTORY_NOT_EMPTY", "Folder (" + object.path() + ") is not empty.");
        }
        String prefix = object.path() + "/";
        objects.keySet().removeIf(key -> key.equals(object.path()) || key.startsWith(prefix));
    }

    private void put(WorkspaceObject object) {
        objects.put(object.path(), object);
    }

    /** An absolute path without a trailing slash; anything else is a bad request. */
    static String normal(String path) {
        if (path == null || !path.startsWith("/") || path.contains("/../") || path.endsWith("/..")
                || path.contains("//")) {
            throw ApiException.badRequest("Path (" + path + ") is not an absolute workspace path such as "
                    + "/Users/someone@example.com/notebook");
        }
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    private static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
