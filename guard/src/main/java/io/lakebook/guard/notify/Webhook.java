package io.lakebook.guard.notify;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/**
 * Posts each notice as JSON to a webhook ({@code notify.webhook} of the budgets file). Only a 2xx answer counts as
 * delivered. A webhook URL often carries a secret in its path, so messages name only its host.
 */
public final class Webhook implements Notifier {
    private static final Duration CONNECT = Duration.ofSeconds(10);
    private static final Duration ANSWER = Duration.ofSeconds(20);
    private final URI url;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT).build();

    public Webhook(String url) {
        this.url = URI.create(url);
    }

    @Override
    public String describe() {
        return "webhook at " + url.getScheme() + "://" + url.getAuthority();
    }

    @Override
    public void send(String body) throws NotifyException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(ANSWER)
                .header("Content-Type", "application/json").header("User-Agent", "lakebook-guard")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new NotifyException("the " + describe() + " answered HTTP " + response.statusCode());
            }
        } catch (IOException e) {
            throw new NotifyException("the " + describe() + " could not be reached: " + cause(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotifyException("interrupted while posting to the " + describe(), e);
        }
    }

    /** What went wrong, in words: the JDK's exceptions often carry no message of their own. */
    static String cause(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof HttpConnectTimeoutException) {
                return "no connection within " + CONNECT.toSeconds() + " s";
            }
            if (e instanceof HttpTimeoutException) {
                return "no answer within " + ANSWER.toSeconds() + " s";
            }
            if (e instanceof ConnectException) {
                return "the connection was refused (nothing listens there)";
            }
            if (e instanceof UnknownHostException || e instanceof UnresolvedAddressException) {
                return "the host name is unknown";
            }
        }
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e.getMessage() != null && !e.getMessage().isBlank()) {
                return e.getMessage() + " (" + e.getClass().getSimpleName() + ")";
            }
        }
        return error.getClass().getSimpleName();
    }
}
