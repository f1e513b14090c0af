package io.lakebook.emulator.python;

import io.lakebook.emulator.EmulatorException;

/** The Python process of a context ended while the emulator still expected an answer from it. */
public class DriverLostException extends EmulatorException {
    public DriverLostException(String message) {
        super(message);
    }
}
