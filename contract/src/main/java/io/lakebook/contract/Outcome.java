package io.lakebook.contract;

/** How a check ended. */
public enum Outcome {
    /** The workspace behaved as the reference says. */
    PASSED,
    /** It behaved otherwise, or the check could not finish; the detail says how. */
    DIFFERED,
    /** It did not run: nothing to run it on, or no permission. */
    SKIPPED
}
