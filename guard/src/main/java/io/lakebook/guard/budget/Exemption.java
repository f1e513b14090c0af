package io.lakebook.guard.budget;

import java.time.Instant;

/**
 * A user the guard never blocks until {@code until} (the end of the day named in the file, in the budget's zone).
 *
 * @param reason why, for the audit table
 */
public record Exemption(String user, Instant until, String reason) {

    public boolean activeAt(Instant now) {
        return now.isBefore(until);
    }
}
