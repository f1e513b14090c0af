package io.lakebook.core.remote;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How often a running command is looked at: the schedule, not the clock. */
class BackoffTest {

    /** The poll times of a command's status, in ms after it was sent, up to the first at or after {@code endMillis}. */
    private static int pollsUntilSeen(long endMillis) {
        Backoff backoff = Backoff.forCommands();
        long at = 0;
        int polls = 0;
        do {
            at += backoff.nextMillis();
            polls++;
        } while (at < endMillis);
        return polls;
    }

    @Test
    void aQuickCommandIsLookedAtAtOnceAndAgainWithinMilliseconds() {
        Backoff backoff = Backoff.forCommands();
        assertEquals(0, backoff.nextMillis());
        assertEquals(4, backoff.nextMillis());
    }

    @Test
    void commandsOfATenthOfASecondOneSecondAndTenSecondsTakeFourSevenAndFourteenPolls() {
        assertEquals(4, pollsUntilSeen(105));
        assertEquals(7, pollsUntilSeen(1_010));
        assertEquals(14, pollsUntilSeen(10_010));
    }

    @Test
    void aLongCommandIsLookedAtAboutOnceEveryOneAndAQuarterSeconds() {
        Backoff backoff = Backoff.forCommands();
        for (int i = 0; i < 20; i++) {
            backoff.nextMillis();
        }
        assertEquals(1_280, backoff.nextMillis());
    }

    @Test
    void aGivenFirstPauseDoublesUpToItsCap() {
        Backoff backoff = new Backoff(java.time.Duration.ofMillis(20), java.time.Duration.ofMillis(100));
        assertEquals(java.util.List.of(20L, 40L, 80L, 100L, 100L), java.util.stream.Stream.generate(
                backoff::nextMillis).limit(5).toList());
    }
}
