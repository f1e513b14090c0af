package io.lakebook.goose.render;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakebook.core.notebook.TableText;
import io.lakebook.core.output.ClearOutput;
import io.lakebook.core.output.ErrorOutput;
import io.lakebook.core.output.ImageOutput;
import io.lakebook.core.output.Output;
import io.lakebook.core.output.TableOutput;
import io.lakebook.core.output.TextOutput;
import io.lakebook.core.output.ValueOutput;
import io.lakebook.goose.tool.ToolResult;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns outputs into {@link Piece}s: a run's neutral records as they come back from the cluster, or the nbformat
 * outputs a notebook file holds. Both read the same way, so a model sees a cell alike whether it just ran it or
 * reads it later.
 */
public final class Pieces {

    /** Rows of a table shown to a model; the rest is counted. */
    public static final int TABLE_ROWS = 50;
    private static final Pattern TAGS = Pattern.compile("<[^>]+>");
    private static final Pattern BLANK_RUNS = Pattern.compile("\n{3,}");

    private Pieces() {
    }

    public static List<Piece> of(List<Output> outputs) {
        List<Piece> pieces = new ArrayList<>();
        StringBuilder printed = new StringBuilder();
        for (Output output : ClearOutput.applied(outputs)) {
            // Text read live arrives in many small chunks; one piece keeps it whole, so a cap cuts it once, with
            // its head and tail, and no separators are added inside it.
            if (output instanceof TextOutput text) {
                printed.append(text.text());
                continue;
            }
            addPrinted(pieces, printed);
            pieces.add(of(output));
        }
        addPrinted(pieces, printed);
        return pieces;
    }

    private static void addPrinted(List<Piece> pieces, StringBuilder printed) {
        if (printed.length() > 0) {
            String text = printed.toString();
            pieces.add(Piece.text(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text));
            printed.setLength(0);
        }
    }

    private static Piece of(Output output) {
        if (output instanceof TextOutput text) {
            return Piece.text(text.text());
        } else if (output instanceof ValueOutput value) {
            return Piece.text("Out: " + value.repr());
        } else if (output instanceof TableOutput table) {
            return Piece.text(TableText.render(table, TABLE_ROWS));
        } else if (output instanceof ImageOutput image) {
            return image(image.mimeType(), image.data());
        }
        ErrorOutput error = (ErrorOutput) output;
        return Piece.text(error(error.name(), error.message(), error.traceback()));
    }

    /** The pieces of a cell's nbformat outputs. */
    public static List<Piece> ofNbformat(JsonNode outputs) {
        List<Piece> pieces = new ArrayList<>();
        outputs.forEach(output -> pieces.add(ofNbformatOutput(output)));
        return pieces;
    }

    private static Piece ofNbformatOutput(JsonNode output) {
        switch (output.path("output_type").asText()) {
            case "stream":
                String name = output.path("name").asText("stdout");
                String text = joined(output.path("text"));
                return Piece.text(name.equals("stderr") ? "[stderr]\n" + text : text);
            case "error":
                List<String> traceback = new ArrayList<>();
                output.path("traceback").forEach(line -> traceback.add(line.asText()));
                return Piece.text(error(output.path("ename").asText(), output.path("evalue").asText(), traceback));
            case "execute_result":
            case "display_data":
                return data(output.path("data"), output.path("output_type").asText().equals("execute_result"));
            default:
                return Piece.text("[" + output.path("output_type").asText("unknown") + " output]");
        }
    }

    private static Piece data(JsonNode data, boolean result) {
        for (String mime : List.of("image/png", "image/jpeg")) {
            if (data.hasNonNull(mime)) {
                byte[] bytes = Base64.getMimeDecoder().decode(joined(data.get(mime)));
                return image(mime, bytes);
            }
        }
        String prefix = result ? "Out: " : "";
        if (data.hasNonNull("text/plain")) {
            return Piece.text(prefix + joined(data.get("text/plain")));
        }
        if (data.hasNonNull("text/markdown")) {
            return Piece.text(prefix + joined(data.get("text/markdown")));
        }
        if (data.hasNonNull("text/html")) {
            return Piece.text(prefix + "[HTML, as text] " + BLANK_RUNS.matcher(TAGS.matcher(joined(data.get(
                    "text/html"))).replaceAll(" ")).replaceAll("\n\n").strip());
        }
        List<String> kinds = new ArrayList<>();
        data.fieldNames().forEachRemaining(kinds::add);
        return Piece.text("[output of type " + String.join(", ", kinds) + ", not shown as text]");
    }

    /** One line per output for an overview: {@code stream 1,204 chars; error NameError: x}. */
    public static String summary(JsonNode outputs) {
        List<String> parts = new ArrayList<>();
        for (JsonNode output : outputs) {
            String type = output.path("output_type").asText();
            if (type.equals("error")) {
                parts.add("error " + output.path("ename").asText() + ": " + firstLine(output.path("evalue").asText()));
            } else if (type.equals("stream")) {
                parts.add(output.path("name").asText("stdout") + " " + joined(output.path("text")).length()
                        + " chars: " + firstLine(Ansi.strip(joined(output.path("text")))));
            } else {
                JsonNode data = output.path("data");
                String mime = data.has("image/png") ? "image/png" : data.has("text/plain") ? "text/plain"
                        : data.fieldNames().hasNext() ? data.fieldNames().next() : "empty";
                parts.add(type + " " + mime + (mime.equals("text/plain") ? ": " + firstLine(joined(data.get(mime)))
                        : ""));
            }
        }
        return String.join("; ", parts);
    }

    private static Piece image(String mimeType, byte[] data) {
        return Piece.image("[" + Images.describe(mimeType, data) + " image, sent as image content]",
                new ToolResult.Image(mimeType, data));
    }

    private static String error(String name, String message, List<String> traceback) {
        String header = name + ": " + message;
        String trace = Ansi.strip(String.join("\n", traceback)).strip();
        return trace.isEmpty() || trace.equals(header) ? header : header + "\n" + trace;
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 80 ? line.substring(0, 79) + "…" : line;
    }

    static String joined(JsonNode text) {
        if (text == null) {
            return "";
        }
        if (text.isArray()) {
            StringBuilder joined = new StringBuilder();
            text.forEach(line -> joined.append(line.asText()));
            return joined.toString();
        }
        return text.asText();
    }
}
