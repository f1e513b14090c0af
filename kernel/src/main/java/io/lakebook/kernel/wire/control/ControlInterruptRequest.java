package io.lakebook.kernel.wire.control;

/**
 * Stop the running cell; sent because the kernel spec says {@code interrupt_mode: message}.
 * See https://jupyter-client.readthedocs.io/en/stable/messaging.html#kernel-interrupt
 */
public record ControlInterruptRequest() {
}
