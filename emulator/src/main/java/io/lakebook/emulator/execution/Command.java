package io.lakebook.emulator.execution;

/** One command of a context. Guarded by its context's lock. */
final class Command {
    final String id;
    final String code;
    final long queuedAtNanos = System.nanoTime();
    CommandStatus status = CommandStatus.QUEUED;
    CommandResults results;
    /** Stuck by a fault: Running without being sent to Python, deaf to cancel. */
    boolean held;

    Command(String id, String code) {
        this.id = id;
        this.code = code;
    }

    void end(CommandStatus terminal, CommandResults answer) {
        status = terminal;
        results = answer;
    }

    long elapsedMillis() {
        return (System.nanoTime() - queuedAtNanos) / 1_000_000;
    }

    CommandStatusResponse snapshot() {
        return new CommandStatusResponse(id, status, status.isTerminal() ? results : null);
    }
}
