package io.lakebook.contract;

import java.time.Duration;

/**
 * How one check ended.
 *
 * @param detail     what differed, why it was skipped, or what was seen when it passed; may be empty
 * @param permission for a skipped check, true when the workspace refused the user
 */
public record CheckResult(Check check, Outcome outcome, String detail, boolean permission, Duration took) {
}
