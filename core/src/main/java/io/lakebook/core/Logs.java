package io.lakebook.core;

/**
 * Logging rules every lakebook process applies before its first log line. Apache HttpClient, under the Databricks
 * SDK, logs each request's headers and bytes at DEBUG, the {@code Authorization: Bearer} token and OAuth token
 * answers among them; turning DEBUG on for everything to chase a problem must not put them in a log. A level the
 * user set for those loggers explicitly is kept.
 */
public final class Logs {
    private static final String HTTP_CLIENT = "org.slf4j.simpleLogger.log.org.apache.http";

    private Logs() {
    }

    /** Keeps the HTTP client's header and wire logs at WARN, unless their level was set on purpose. */
    public static void keepSecretsOut() {
        if (System.getProperty(HTTP_CLIENT) == null) {
            System.setProperty(HTTP_CLIENT, "warn");
        }
    }
}
