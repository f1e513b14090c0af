package io.lakebook.contract;

/** The workspace behaved otherwise than the reference says: a fact to bring back into the emulator. */
public final class Differed extends RuntimeException {
    public Differed(String message) {
        super(message, null, false, false);
    }
}
