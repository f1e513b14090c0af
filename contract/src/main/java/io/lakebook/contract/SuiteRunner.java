package io.lakebook.contract;

import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.core.error.platform.Unauthenticated;
import io.lakebook.core.error.LakebookException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs checks one after another against a {@link Target}, then cleans up what they made. Plain Java rather than a
 * test framework: the same code runs inside the build (under JUnit, against the emulator) and from the
 * {@code lakebook} command on a user's laptop, where three outcomes matter (passed, differed, skipped with the
 * reason) and the clean-up must run whatever happened.
 */
public final class SuiteRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SuiteRunner.class);

    private SuiteRunner() {
    }

    /**
     * Runs {@code checks} in order; {@code each} hears every result as it comes. An interrupt of this thread, or a
     * clean-up begun from another (Ctrl-C), ends the run after the check under way.
     */
    public static Report run(Target target, List<Check> checks, Consumer<CheckResult> each) {
        long started = System.nanoTime();
        String cluster = target.clusterAtStart().orElse(null);
        List<CheckResult> results = new ArrayList<>();
        List<String> cleanUp;
        try {
            for (Check check : checks) {
                if (stopped(target)) {
                    break;
                }
                CheckResult result = runOne(target, check);
                results.add(result);
                each.accept(result);
            }
        } finally {
            // Also after an interrupt or a crash: nothing the run made may stay behind. The clean-up's own waits must
            // not end at once because this thread was interrupted; the interrupt is kept for the caller.
            boolean interrupted = Thread.interrupted();
            cleanUp = target.cleanUp();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return new Report(target.host(), target.signIn(), target.options(), cluster, results, checks.size(),
                cleanUp, Duration.ofNanos(System.nanoTime() - started));
    }

    private static boolean stopped(Target target) {
        return Thread.currentThread().isInterrupted() || target.stoppingNow();
    }

    static CheckResult runOne(Target target, Check check) {
        long started = System.nanoTime();
        Outcome outcome = Outcome.PASSED;
        String detail = "";
        boolean permission = false;
        try {
            check.body().run(target);
            detail = target.takeNote();
        } catch (Skipped e) {
            outcome = Outcome.SKIPPED;
            detail = e.getMessage();
            permission = e.permission();
        } catch (Differed e) {
            outcome = Outcome.DIFFERED;
            detail = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = Outcome.DIFFERED;
            detail = "interrupted";
        } catch (Exception e) {
            Throwable refusal = refusal(e);
            if (refusal != null) {
                outcome = Outcome.SKIPPED;
                permission = true;
                detail = "no permission: " + refusal.getMessage();
            } else {
                outcome = Outcome.DIFFERED;
                detail = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.debug("Check '{}' failed", check.title(), e);
            }
        }
        target.takeNote();
        if (outcome != Outcome.PASSED && stopped(target)) {
            // Whatever the check ran into, the user stopped the run: that is not a fact about the workspace.
            outcome = Outcome.SKIPPED;
            detail = "the run was stopped before this check finished";
            permission = false;
        }
        return new CheckResult(check, outcome, detail, permission, Duration.ofNanos(System.nanoTime() - started));
    }

    /** The workspace's refusal of the user behind {@code e}, if that is what it is. */
    private static Throwable refusal(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PermissionDenied || cause instanceof Unauthenticated) {
                return cause;
            }
            if (cause instanceof LakebookException && cause.getCause() instanceof PermissionDenied) {
                return cause.getCause();
            }
        }
        return null;
    }
}
