package io.lakebook.emulator.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the server misbehaves on one call, when a fault is switched on for it ({@link ApiServer#faults}). Each kind is
 * something a client of a real workspace meets: an overloaded front door, a slow or broken network, a connection
 * that dies before or after the call was handled.
 */
public sealed interface HttpFault {

    /** A short name for logs and the request log. */
    String label();

    /**
     * Answers with an error status instead of handling the call: the call has no effect, as when a workspace's front
     * door sheds load (reference §1.4: the SDK retries 429 and 503, honouring {@code Retry-After}).
     *
     * @param retryAfter the {@code Retry-After} header to send (whole seconds or an HTTP date), if any
     */
    record Reject(int status, Object errorCode, String message, Optional<String> retryAfter) implements HttpFault {
        public Reject {
            Objects.requireNonNull(errorCode, "errorCode");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        @Override
        public String label() {
            return "HTTP " + status + retryAfter.map(value -> " Retry-After " + value).orElse("");
        }
    }

    /** Waits before handling the call as usual: a slow network or a busy control plane. */
    record Delay(Duration delay) implements HttpFault {
        @Override
        public String label() {
            return "delay " + delay.toMillis() + " ms";
        }
    }

    /**
     * Closes the connection without any answer. {@code handled} false: the call never reaches its handler (the
     * network broke on the way in); true: it is handled and only the answer is lost, the case a client cannot tell
     * from the first and must not repeat blindly.
     */
    record Drop(boolean handled) implements HttpFault {
        @Override
        public String label() {
            return handled ? "connection dropped after handling" : "connection dropped before handling";
        }
    }

    /** Handles the call, then sends the full headers and only the first half of the body, and closes. */
    record Cut() implements HttpFault {
        @Override
        public String label() {
            return "answer cut halfway";
        }
    }

    /** Handles the call, then sends the body a few bytes at a time, spread over {@code duration}. */
    record Trickle(Duration duration) implements HttpFault {
        @Override
        public String label() {
            return "answer trickled over " + duration.toMillis() + " ms";
        }
    }

    /** Decides, call by call, whether a fault applies. Called on the server's threads; must be thread-safe. */
    @FunctionalInterface
    interface Source {
        /**
         * @param query the raw query string, empty when there is none
         * @param body  the call's JSON body, or null when it has none or it is not JSON
         */
        Optional<HttpFault> faultFor(String method, String path, String query,
                                     com.fasterxml.jackson.databind.JsonNode body);
    }
}
