package io.lakebook.guard.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Posts each notice as JSON to a webhook ({@code notify.webhook} of the budgets file). Only a 2xx answer counts as
 * delivered. A webhook URL often carries a secret in its path, so messages name only its host.
 */
public final class Webhook implements Notifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI url;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public Webhook(String url) {
        this.url = URI.create(url);
    }

    @Override
    public String describe() {
        return "webhook at " + url.getScheme() + "://" + url.getAuthority();
    }

    @Override
    public void send(Notice notice) throws NotifyException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("User-Agent", "lakebook-guard")
                .POST(HttpRequest.BodyPublishers.ofString(body(notice))).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new NotifyException("the " + describe() + " answered HTTP " + response.statusCode());
            }
        } catch (IOException e) {
            throw new NotifyException("the " + describe() + " could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotifyException("interrupted while posting to the " + describe(), e);
        }
    }

    static String body(Notice notice) {
        ObjectNode body = JSON.createObjectNode();
        body.put("source", "lakebook guard");
        body.put("event", notice.event());
        body.put("user", notice.user());
        body.put("spent", notice.spent().toPlainString());
        body.put("budget", notice.budget().toPlainString());
        body.put("projected", notice.projected().toPlainString());
        body.put("currency", notice.currency());
        body.put("reason", notice.reason());
        body.put("period_start", notice.periodStart().toString());
        if (notice.blockedUntil() != null) {
            body.put("blocked_until", notice.blockedUntil().toString());
        }
        body.put("text", text(notice));
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One sentence a chat channel can show as it is. */
    static String text(Notice notice) {
        String figures = notice.spent().setScale(2, java.math.RoundingMode.HALF_UP) + " of "
                + notice.budget().setScale(2, java.math.RoundingMode.HALF_UP) + " " + notice.currency();
        return switch (notice.event()) {
            case "soft_warning" -> notice.user() + " has spent " + figures + " on AI models this period.";
            case "blocked" -> notice.user() + " is blocked from the AI models until " + notice.blockedUntil()
                    + ": " + notice.reason() + " (" + figures + ").";
            default -> notice.user() + " can use the AI models again: " + notice.reason() + ".";
        };
    }
}
