package io.lakebook.emulator.execution;

/** The answer of {@code contexts/create} and {@code commands/execute}, and of destroy and cancel (reference §2.4). */
public record Created(String id) {
}
