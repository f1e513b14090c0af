package io.lakebook.guard.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * A notice as the JSON a webhook receives: the figures, times in the budget's own time zone (with their offset, so
 * they read right anywhere), the workspace and the endpoints concerned, and a {@code text} line a chat channel shows
 * as it is.
 */
public final class NoticeBody {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private NoticeBody() {
    }

    public static String json(Notice notice) {
        ObjectNode body = JSON.createObjectNode();
        body.put("source", "lakebook guard");
        body.put("event", notice.event());
        body.put("user", notice.user());
        body.put("workspace", notice.workspace());
        body.putArray("endpoints").addAll(notice.endpoints().stream().map(JSON.getNodeFactory()::textNode).toList());
        body.put("spent", notice.spent().toPlainString());
        body.put("budget", notice.budget().toPlainString());
        body.put("projected", notice.projected().toPlainString());
        body.put("currency", notice.currency());
        body.put("reason", notice.reason());
        body.put("time_zone", notice.zone().getId());
        body.put("period_start", iso(notice, notice.periodStart()));
        if (notice.blockedUntil() != null) {
            body.put("blocked_until", iso(notice, notice.blockedUntil()));
        }
        body.put("text", text(notice));
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String iso(Notice notice, Instant at) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atZone(notice.zone()));
    }

    /** One sentence a chat channel can show as it is. */
    static String text(Notice notice) {
        String figures = notice.spent().setScale(2, RoundingMode.HALF_UP) + " of "
                + notice.budget().setScale(2, RoundingMode.HALF_UP) + " " + notice.currency();
        String where = String.join(", ", notice.endpoints()) + " on " + notice.workspace();
        return switch (notice.event()) {
            case "soft_warning" -> notice.user() + " has spent " + figures + " on " + where + " this period.";
            case "blocked" -> notice.user() + " is blocked from " + where + " until "
                    + TEXT.format(notice.blockedUntil().atZone(notice.zone())) + " " + notice.zone().getId() + ": "
                    + notice.reason() + " (" + figures + ").";
            default -> notice.user() + " can use " + where + " again: " + notice.reason() + ".";
        };
    }
}
