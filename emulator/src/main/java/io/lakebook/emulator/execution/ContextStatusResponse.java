package io.lakebook.emulator.execution;

/** {@code GET /api/1.2/contexts/status} (reference §2.3). */
public record ContextStatusResponse(String id, ContextStatus status) {
}
