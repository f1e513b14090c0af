package io.lakebook.emulator.execution;

/**
 * Commands that get stuck: once Running they never reach Python, ignore cancel (they show {@code Cancelling} and stay
 * so), and hold their context busy until released, as a driver REPL that hangs does. Tests switch this on through
 * the emulator's faults. Implementations are thread-safe.
 */
public interface StuckCommands {

    /** Nothing is ever stuck. */
    StuckCommands NONE = new StuckCommands() {
        @Override
        public boolean holds(String code) {
            return false;
        }

        @Override
        public void awaitRelease(String code) {
        }
    };

    /** Whether a command with this code gets stuck now. */
    boolean holds(String code);

    /** Blocks until the hold on this code is released; an interrupt (the context being destroyed) ends it too. */
    void awaitRelease(String code) throws InterruptedException;
}
