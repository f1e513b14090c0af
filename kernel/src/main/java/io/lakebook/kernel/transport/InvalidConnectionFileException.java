package io.lakebook.kernel.transport;

/** The connection file Jupyter handed the kernel is missing, unreadable or lacks a field. */
public class InvalidConnectionFileException extends RuntimeException {
    public InvalidConnectionFileException(String message) {
        super(message);
    }

    public InvalidConnectionFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
