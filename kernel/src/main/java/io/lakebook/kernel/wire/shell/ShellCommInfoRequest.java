package io.lakebook.kernel.wire.shell;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Asks which comms (widget channels) are open.
 * See https://jupyter-client.readthedocs.io/en/stable/messaging.html#comm-info
 */
public record ShellCommInfoRequest(@JsonProperty("target_name") String targetName) {
}
