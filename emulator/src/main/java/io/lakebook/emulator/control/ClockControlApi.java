package io.lakebook.emulator.control;

import io.lakebook.emulator.WorkspaceClock;
import io.lakebook.emulator.http.ApiException;
import io.lakebook.emulator.http.ApiRequest;
import io.lakebook.emulator.http.ApiServer;
import io.lakebook.emulator.http.ErrorStyle;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The emulator's own control of its clock, for trying time-bound behaviour (a budget period that ends) against a
 * separately started {@code lakebook emulator}. It is not part of the Databricks API: it lives under
 * {@value #PREFIX}, answers only the emulator's own token (the workspace's owner), and the emulator listens on
 * 127.0.0.1 only.
 * <ul>
 * <li>{@code GET /lakebook-emulator/clock} answers {@code {"now": "2026-…Z"}};</li>
 * <li>{@code POST /lakebook-emulator/clock} with {@code {"advance": "PT1H"}} (an ISO-8601 duration) or
 * {@code {"set": "2026-06-01T10:00:00Z"}} moves it and answers the new time.</li>
 * </ul>
 */
public final class ClockControlApi {
    public static final String PREFIX = "/lakebook-emulator/";
    private static final String CLOCK = PREFIX + "clock";

    private final WorkspaceClock clock;
    private final String owner;

    public ClockControlApi(WorkspaceClock clock, String owner) {
        this.clock = clock;
        this.owner = owner;
    }

    public void register(ApiServer server) {
        server.route("GET", CLOCK, ErrorStyle.STANDARD, request -> now(owned(request)));
        server.route("POST", CLOCK, ErrorStyle.STANDARD, this::move);
    }

    private Object move(ApiRequest request) {
        owned(request);
        if (request.body() == null || !request.body().isObject()) {
            throw ApiException.badRequest("Send {\"advance\": \"PT1H\"} or {\"set\": \"2026-06-01T10:00:00Z\"}.");
        }
        try {
            if (request.body().path("advance").isTextual()) {
                clock.advance(Duration.parse(request.body().path("advance").asText()));
            } else if (request.body().path("set").isTextual()) {
                clock.set(Instant.parse(request.body().path("set").asText()));
            } else {
                throw ApiException.badRequest("Send {\"advance\": \"PT1H\"} or {\"set\": \"2026-06-01T10:00:00Z\"}.");
            }
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("Unreadable time: " + e.getParsedString() + ". advance takes an ISO-8601 "
                    + "duration such as PT1H or P1D, set an instant such as 2026-06-01T10:00:00Z.");
        }
        return now(request);
    }

    private ApiRequest owned(ApiRequest request) {
        if (!owner.equals(request.caller())) {
            throw new ApiException(403, "PERMISSION_DENIED", "Only the emulator's own token may move its clock.");
        }
        return request;
    }

    private Map<String, String> now(ApiRequest request) {
        return Map.of("now", clock.instant().toString());
    }
}
