package io.lakebook.emulator.execution;

/** {@code GET /api/1.2/commands/status} (reference §2.6); results only once the command has ended. */
public record CommandStatusResponse(String id, CommandStatus status, CommandResults results) {
}
