package io.lakebook.emulator.clusters;

/** The states of a cluster, spelled as on the wire (reference §3.1, SDK {@code compute/State.java}). */
public enum ClusterState {
    PENDING, RUNNING, RESTARTING, RESIZING, TERMINATING, TERMINATED, ERROR, UNKNOWN
}
