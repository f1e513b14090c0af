package io.lakebook.emulator.workspace;

import io.lakebook.emulator.http.ApiException;
import io.lakebook.emulator.http.ApiRequest;
import io.lakebook.emulator.http.ApiServer;
import io.lakebook.emulator.http.ErrorStyle;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Workspace API 2.0 (reference §5): import, export, list, get-status, mkdirs and delete, over a
 * {@link WorkspaceTree}. Notebooks are kept as Databricks source text, so SOURCE round-trips byte for byte and
 * JUPYTER is converted both ways; HTML, DBC and R_MARKDOWN are refused with a message saying so.
 */
public final class WorkspaceApi {
    private static final String BASE = "/api/2.0/workspace/";
    /** reference §5.4, §5.5: content over 10 MB is refused. */
    private static final int MAX_CONTENT = 10 * 1024 * 1024;
    private static final List<String> FORMATS = List.of("SOURCE", "HTML", "JUPYTER", "DBC", "R_MARKDOWN", "AUTO",
            "RAW");

    private final WorkspaceTree tree;

    public WorkspaceApi(WorkspaceTree tree) {
        this.tree = tree;
    }

    public void register(ApiServer server) {
        server.route("GET", BASE + "get-status", ErrorStyle.STANDARD, request -> tree.get(path(request)).info());
        server.route("GET", BASE + "list", ErrorStyle.STANDARD, this::list);
        server.route("POST", BASE + "import", ErrorStyle.STANDARD, this::importContent);
        server.route("GET", BASE + "export", ErrorStyle.STANDARD, this::export);
        server.route("POST", BASE + "mkdirs", ErrorStyle.STANDARD, request -> {
            tree.mkdirs(path(request));
            return null;
        });
        server.route("POST", BASE + "delete", ErrorStyle.STANDARD, request -> {
            tree.delete(path(request), request.optional("recursive").map(Boolean::parseBoolean).orElse(false));
            return null;
        });
    }

    /** reference §5.3: an empty folder answers {@code {}}, objects omitted. */
    private Object list(ApiRequest request) {
        long after = request.optional("notebooks_modified_after").map(Long::parseLong).orElse(0L);
        List<ObjectInfo> objects = tree.list(path(request)).stream()
                .filter(o -> !o.type().equals("NOTEBOOK") || o.modifiedAt() > after).map(WorkspaceObject::info)
                .toList();
        return objects.isEmpty() ? Map.of() : Map.of("objects", objects);
    }

    private Object importContent(ApiRequest request) {
        String path = path(request);
        String format = format(request, "SOURCE");
        byte[] content = content(request);
        boolean overwrite = request.optional("overwrite").map(Boolean::parseBoolean).orElse(false);
        switch (format) {
            case "SOURCE" -> {
                String language = language(request);
                String text = NotebookSource.fromSource(new String(content, StandardCharsets.UTF_8), language);
                tree.write(path, "NOTEBOOK", language, NotebookSource.utf8(text), overwrite);
            }
            case "JUPYTER" -> tree.write(path, "NOTEBOOK", "PYTHON",
                    NotebookSource.utf8(NotebookSource.fromJupyter(content)), overwrite);
            case "RAW" -> tree.write(path, "FILE", null, content, overwrite);
            case "AUTO" -> importAuto(path, content, overwrite);
            default -> throw unsupported(format, "import");
        }
        return null;
    }

    /** reference §5.4: AUTO decides by extension and header; a notebook loses its extension. */
    private void importAuto(String path, byte[] content, boolean overwrite) {
        String extension = NotebookSource.extension(path);
        String stripped = path.substring(0, path.length() - extension.length() - (extension.isEmpty() ? 0 : 1));
        if (extension.equals("ipynb")) {
            tree.write(stripped, "NOTEBOOK", "PYTHON", NotebookSource.utf8(NotebookSource.fromJupyter(content)),
                    overwrite);
            return;
        }
        String language = NotebookSource.languageOf(new String(content, StandardCharsets.UTF_8), extension);
        if (language != null) {
            tree.write(stripped, "NOTEBOOK", language, content, overwrite);
        } else {
            tree.write(path, "FILE", null, content, overwrite);
        }
    }

    private Object export(ApiRequest request) {
        WorkspaceObject object = tree.get(path(request));
        String format = format(request, "SOURCE");
        if (object.isDirectory()) {
            // reference §5.5: folders export only as DBC, SOURCE or AUTO archives, which the emulator does not build.
            throw unsupported(format + " of a folder", "export");
        }
        Map<String, Object> response = new LinkedHashMap<>();
        if (object.type().equals("FILE")) {
            response.put("content", Base64.getEncoder().encodeToString(object.content()));
            return response;
        }
        byte[] content = switch (format) {
            case "SOURCE", "AUTO" -> object.content();
            case "JUPYTER" -> jupyter(object);
            default -> throw unsupported(format, "export");
        };
        check(content.length);
        response.put("content", Base64.getEncoder().encodeToString(content));
        response.put("file_type", format.equals("JUPYTER") ? "ipynb" : NotebookSource.FILE_TYPE.get(object.language()));
        return response;
    }

    private static byte[] jupyter(WorkspaceObject notebook) {
        if (!"PYTHON".equals(notebook.language())) {
            throw ApiException.badRequest("Only Python notebooks export as JUPYTER; " + notebook.path() + " is "
                    + notebook.language() + ". Export it as SOURCE.");
        }
        return NotebookSource.toJupyter(new String(notebook.content(), StandardCharsets.UTF_8));
    }

    private static String path(ApiRequest request) {
        return WorkspaceTree.normal(request.required("path"));
    }

    private static String format(ApiRequest request, String fallback) {
        String format = request.optional("format").orElse(fallback);
        // reference §5.1: formats are case sensitive.
        if (!FORMATS.contains(format)) {
            throw ApiException.badRequest("Invalid format: " + format + ". Use one of " + String.join(", ", FORMATS)
                    + ".");
        }
        return format;
    }

    private static String language(ApiRequest request) {
        String language = request.optional("language").orElseThrow(() -> ApiException.badRequest(
                "The language is required to import a notebook in SOURCE format"));
        if (!NotebookSource.COMMENT.containsKey(language)) {
            throw ApiException.badRequest("Invalid language: " + language + ". Use PYTHON, SCALA, SQL or R.");
        }
        return language;
    }

    private static byte[] content(ApiRequest request) {
        String encoded = request.optional("content").orElse("");
        byte[] content;
        try {
            content = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("content must be base64: " + e.getMessage());
        }
        check(content.length);
        return content;
    }

    private static void check(int size) {
        if (size > MAX_CONTENT) {
            throw new ApiException(400, "MAX_NOTEBOOK_SIZE_EXCEEDED", "File size imported is (" + size
                    + " bytes), exceeded max size (" + MAX_CONTENT + " bytes)");
        }
    }

    private static ApiException unsupported(String format, String what) {
        return ApiException.badRequest("The emulator does not " + what + " " + format + "; use SOURCE, JUPYTER, "
                + "AUTO or RAW.");
    }
}
