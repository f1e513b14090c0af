package io.lakebook.kernel.wire.shell;

/** Asks who the kernel is. See https://jupyter-client.readthedocs.io/en/stable/messaging.html#kernel-info */
public record ShellKernelInfoRequest() {
}
