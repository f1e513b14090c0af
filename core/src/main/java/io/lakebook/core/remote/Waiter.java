package io.lakebook.core.remote;

/**
 * A pause that an interrupt ends at once, so a user's interrupt never waits out a poll interval.
 */
final class Waiter {

    private final Object lock = new Object();
    private boolean woken;

    /** Sleeps up to {@code millis}, returning early when {@link #wake} is called. */
    void pause(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        synchronized (lock) {
            while (!woken) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    break;
                }
                lock.wait(left);
            }
            woken = false;
        }
    }

    void wake() {
        synchronized (lock) {
            woken = true;
            lock.notifyAll();
        }
    }
}
