package io.lakebook.installer.demo;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks an executed notebook against what its cells expect: each code cell ran (it has an execution count), none
 * failed, and each shows the outputs listed in its {@code metadata.lakebook.expect}: an output type
 * ({@code "stream"}), or a type and a MIME type it must carry ({@code "display_data:image/png"}).
 */
public final class NotebookCheck {

    /** One code cell's outcome. */
    public record CellReport(int number, String firstLine, Set<String> outputTypes, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private NotebookCheck() {
    }

    public static List<CellReport> check(JsonNode notebook) {
        List<CellReport> reports = new ArrayList<>();
        int number = 0;
        for (JsonNode cell : notebook.path("cells")) {
            if ("code".equals(cell.path("cell_type").asText())) {
                reports.add(checkCell(++number, cell));
            }
        }
        return reports;
    }

    private static CellReport checkCell(int number, JsonNode cell) {
        Set<String> types = new LinkedHashSet<>();
        Set<String> shown = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode output : cell.path("outputs")) {
            String type = output.path("output_type").asText();
            types.add(type);
            shown.add(type);
            output.path("data").fieldNames().forEachRemaining(mime -> shown.add(type + ":" + mime));
            if ("error".equals(type)) {
                problems.add(output.path("ename").asText() + ": " + output.path("evalue").asText());
            }
        }
        if (!cell.path("execution_count").isInt()) {
            problems.add("did not run (no execution count)");
        }
        for (JsonNode expected : cell.path("metadata").path("lakebook").path("expect")) {
            if (!shown.contains(expected.asText())) {
                problems.add("expected a '" + expected.asText() + "' output, got " + shown);
            }
        }
        return new CellReport(number, firstLine(cell.path("source")), types, problems);
    }

    private static String firstLine(JsonNode source) {
        String text = source.isArray() ? source.path(0).asText("") : source.asText("");
        String line = text.lines().findFirst().orElse("");
        return line.length() > 60 ? line.substring(0, 57) + "..." : line;
    }
}
