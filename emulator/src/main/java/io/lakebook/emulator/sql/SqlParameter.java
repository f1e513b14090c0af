package io.lakebook.emulator.sql;

/**
 * A named parameter marker's value (reference §6.1 {@code parameters[]}): {@code value} null means SQL NULL,
 * {@code type} null means STRING. The value is always text; the engine casts it to the type.
 */
public record SqlParameter(String name, String value, String type) {
}
