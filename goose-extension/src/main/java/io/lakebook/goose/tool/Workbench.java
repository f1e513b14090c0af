package io.lakebook.goose.tool;

import io.lakebook.goose.run.Runs;

import java.util.Map;

/**
 * What the tools share: the runs and execution contexts, and the environment lakebook's settings are read from.
 */
public record Workbench(Runs runs, Map<String, String> env) {
}
