package io.lakebook.installer;

/** The options given do not make sense together; shown with the command's usage, exit status 2. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
