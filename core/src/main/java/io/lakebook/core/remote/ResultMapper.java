package io.lakebook.core.remote;

import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.Results;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.core.output.ErrorOutput;
import io.lakebook.core.output.ImageOutput;
import io.lakebook.core.output.Output;
import io.lakebook.core.output.TableBundle;
import io.lakebook.core.output.TableOutput;
import io.lakebook.core.output.TextOutput;
import io.lakebook.core.output.ValueOutput;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a finished command's {@code results} (Command Execution API 1.2) into neutral output records.
 *
 * <p>The Python REPL on a cluster is IPython-based, so a last expression's value arrives inside the text as
 * {@code Out[n]: <repr>}; it is split off here into a {@link ValueOutput}.
 */
final class ResultMapper {

    private static final Pattern OUT_PREFIX = Pattern.compile("(?m)^Out\\[\\s*\\d+\\s*\\]: ");
    private static final Pattern ERROR_LINE = Pattern.compile("^([A-Za-z_][\\w.]*)(?:: ?(.*))?$", Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<String, byte[]> plotReader;

    /** @param plotReader reads a {@code /plots/…} image from the workspace's file store */
    ResultMapper(Function<String, byte[]> plotReader) {
        this.plotReader = plotReader;
    }

    Execution map(CommandStatusResponse response) {
        if (response.getStatus() == CommandStatus.CANCELLED) {
            return new Execution(Execution.Status.CANCELLED, List.of());
        }
        Results results = response.getResults();
        if (results == null || results.getResultType() == null) {
            boolean failed = response.getStatus() == CommandStatus.ERROR;
            return failed ? failure("CommandError", "The cluster reported an error without details for command "
                    + response.getId() + ".", List.of()) : new Execution(Execution.Status.OK, List.of());
        }
        switch (results.getResultType()) {
            case TEXT:
                return ok(text(results.getData()));
            case TABLE:
                return ok(List.of(table(results)));
            case IMAGE:
                return ok(List.of(image(results.getFileName())));
            case IMAGES:
                return ok(images(results.getFileNames()));
            case ERROR:
                return error(results);
            default:
                throw new IllegalStateException("unhandled result type " + results.getResultType());
        }
    }

    static List<Output> text(Object data) {
        String text = data == null ? "" : data.toString();
        List<Output> outputs = new ArrayList<>();
        Matcher matcher = OUT_PREFIX.matcher(text);
        int valueStart = -1;
        int printedEnd = text.length();
        while (matcher.find()) {
            printedEnd = matcher.start();
            valueStart = matcher.end();
        }
        String printed = text.substring(0, printedEnd);
        if (!printed.isEmpty()) {
            outputs.add(new TextOutput(printed));
        }
        if (valueStart >= 0) {
            outputs.add(new ValueOutput(stripFinalNewline(text.substring(valueStart))));
        }
        return outputs;
    }

    private static TableOutput table(Results results) {
        List<TableOutput.Column> columns = new ArrayList<>();
        boolean jsonSchema = Boolean.TRUE.equals(results.getIsJsonSchema());
        for (Map<String, Object> field : nullSafe(results.getSchema())) {
            columns.add(new TableOutput.Column(String.valueOf(field.get("name")), typeName(field.get("type"),
                    jsonSchema)));
        }
        // Only the rows a front end can show are kept, so a large result costs no more than a thousand rows here.
        List<List<Object>> rows = new ArrayList<>();
        int total = 0;
        if (results.getData() instanceof Collection<?> data) {
            total = data.size();
            for (Object row : data) {
                if (rows.size() == TableBundle.ROW_CAP) {
                    break;
                }
                rows.add(row instanceof Collection<?> cells ? new ArrayList<>(cells) : List.of(row));
            }
        }
        return new TableOutput(columns, rows, total, Boolean.TRUE.equals(results.getTruncated()));
    }

    /** With a JSON schema, a column type is itself JSON: {@code "\"long\""}, or an object for nested types. */
    static String typeName(Object type, boolean jsonSchema) {
        if (type == null) {
            return "";
        }
        if (!jsonSchema || !(type instanceof String text)) {
            return String.valueOf(type);
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node.isTextual()) {
                return node.asText();
            }
            return node.has("type") ? node.get("type").asText() : node.toString();
        } catch (JsonProcessingException e) {
            return text;
        }
    }

    private List<Output> images(Collection<String> fileNames) {
        List<Output> outputs = new ArrayList<>();
        for (String fileName : nullSafe(fileNames)) {
            outputs.add(image(fileName));
        }
        return outputs;
    }

    private Output image(String fileName) {
        if (fileName == null) {
            return new TextOutput("[the cluster returned an image without a file name]\n");
        }
        if (fileName.startsWith("data:")) {
            return dataUrl(fileName);
        }
        try {
            return new ImageOutput(mimeTypeOf(fileName), plotReader.apply(fileName));
        } catch (RuntimeException e) {
            return new TextOutput("[image " + fileName + " could not be fetched from the workspace: " + e.getMessage()
                    + "]\n");
        }
    }

    private static Output dataUrl(String url) {
        int comma = url.indexOf(',');
        String meta = url.substring("data:".length(), Math.max(comma, "data:".length()));
        String mime = meta.contains(";") ? meta.substring(0, meta.indexOf(';')) : meta;
        String payload = url.substring(comma + 1);
        byte[] bytes = meta.endsWith(";base64") ? Base64.getMimeDecoder().decode(payload)
                : java.net.URLDecoder.decode(payload, java.nio.charset.StandardCharsets.UTF_8).getBytes(
                java.nio.charset.StandardCharsets.UTF_8);
        return new ImageOutput(mime.isEmpty() ? "image/png" : mime, bytes);
    }

    static String mimeTypeOf(String fileName) {
        String lower = fileName.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".svg")) {
            return "image/svg+xml";
        }
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        return lower.endsWith(".gif") ? "image/gif" : "image/png";
    }

    private static Execution error(Results results) {
        String summary = plainText(results.getSummary());
        String cause = results.getCause() == null ? "" : results.getCause();
        Matcher matcher = ERROR_LINE.matcher(summary.strip());
        String name = matcher.matches() ? matcher.group(1) : "Error";
        String message = matcher.matches() ? nullToEmpty(matcher.group(2)) : summary.strip();
        List<String> traceback = cause.isEmpty() ? List.of(summary) : List.of(stripFinalNewline(cause).split("\n"));
        return failure(name, message, traceback);
    }

    /** A summary is HTML ({@code <span class='ansi-red-fg'>NameError</span>: …}); users want its text. */
    static String plainText(String html) {
        if (html == null) {
            return "";
        }
        return TAG.matcher(html).replaceAll("").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&#x27;", "'").replace("&amp;", "&");
    }

    private static Execution failure(String name, String message, List<String> traceback) {
        return new Execution(Execution.Status.ERROR, List.of(new ErrorOutput(name, message, traceback)));
    }

    private static Execution ok(List<Output> outputs) {
        return new Execution(Execution.Status.OK, outputs);
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String stripFinalNewline(String text) {
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    private static <T> Collection<T> nullSafe(Collection<T> items) {
        return items == null ? List.of() : items;
    }
}
