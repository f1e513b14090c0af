package io.lakebook.bench.report;

import java.time.Duration;
import java.util.List;

/**
 * What one figure gave in a run.
 *
 * @param id       the figure's id
 * @param title    the figure's title
 * @param rows     its rows; one not-measured row naming the error when it failed
 * @param commands the commands it ran
 * @param took     how long it took
 * @param failed   whether it failed with an error
 */
public record FigureResult(String id, String title, List<Row> rows, List<String> commands, Duration took,
                           boolean failed) {

    public FigureResult {
        rows = List.copyOf(rows);
        commands = List.copyOf(commands);
    }
}
