package io.lakebook.kernel.wire.control;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Stop the kernel; {@code restart} says the front end will start a new one. Accepted on control and, as older
 * clients send it, on shell. See https://jupyter-client.readthedocs.io/en/stable/messaging.html#kernel-shutdown
 */
public record ControlShutdownRequest(@JsonProperty("restart") boolean restart) {
}
