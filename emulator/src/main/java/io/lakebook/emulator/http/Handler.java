package io.lakebook.emulator.http;

/** Answers one API call. The returned object is sent as JSON with status 200; {@code null} is sent as {@code {}}. */
@FunctionalInterface
public interface Handler {
    Object handle(ApiRequest request);
}
