package io.lakebook.goose.run;

import io.lakebook.core.remote.Execution;

import java.time.Duration;
import java.util.Optional;

/**
 * What happened to one cell (or one piece of scratch code) in a run.
 *
 * @param cellId         the cell's id, or null for scratch code
 * @param index          the cell's position when it ran
 * @param execution      how it ended, empty when it was skipped
 * @param executionCount the counter value it got, when it ran
 * @param took           how long it ran
 * @param note           why it was skipped, or a remark about saving its outputs
 */
public record Step(String cellId, int index, Optional<Execution> execution, Integer executionCount, Duration took,
                   String note) {

    public boolean failed() {
        return execution.map(e -> e.status() == Execution.Status.ERROR).orElse(false);
    }
}
