package io.lakebook.installer.login;

import io.lakebook.core.error.LakebookException;

/** A login that did not complete; the message says why and what to run next, and never holds a token. */
public final class LoginException extends LakebookException {
    public LoginException(String message) {
        super(message);
    }

    public LoginException(String message, Throwable cause) {
        super(message, cause);
    }
}
