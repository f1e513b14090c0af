package io.lakebook.guard.budget;

import java.util.Map;

/**
 * Where the budgets file names each endpoint and group, so that a problem found only against the workspace (an
 * endpoint or a group it does not have) is reported with the line to change.
 */
public record FileLines(String file, Map<String, Integer> endpoints, Map<String, Integer> groups) {

    public FileLines {
        endpoints = Map.copyOf(endpoints);
        groups = Map.copyOf(groups);
    }

    /** {@code budgets.yaml line 9} for the endpoint's line, or the file alone when it is not known. */
    public String endpoint(String name) {
        return at(endpoints.get(name));
    }

    public String group(String name) {
        return at(groups.get(name));
    }

    private String at(Integer line) {
        return file + (line == null || line == 0 ? "" : " line " + line);
    }
}
