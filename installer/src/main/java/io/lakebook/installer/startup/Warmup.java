package io.lakebook.installer.startup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Work every lakebook command needs soon after it starts, done on a daemon thread while the main thread parses the
 * command line and, for the kernel, binds its sockets: the JDK's lambda machinery, Jackson and the HMAC each cost
 * their first user tens of milliseconds. The main thread then finds them ready, or waits no longer than it would
 * have worked itself.
 */
public final class Warmup {

    private Warmup() {
    }

    public static void inBackground() {
        Thread thread = new Thread(Warmup::run, "lakebook-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.NORM_PRIORITY);
        thread.start();
    }

    private static void run() {
        try {
            List.of("a", "b").stream().map(String::toUpperCase).filter(text -> !text.isEmpty()).toList();
            ObjectMapper json = new ObjectMapper();
            JsonNode tree = json.readTree("{\"warm\": [1, \"up\", true, null]}");
            json.writeValueAsBytes(tree);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("warm-up".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.doFinal(new byte[1]);
        } catch (Exception | LinkageError e) {
            // Only ever a head start: whatever failed here is done, and reported, where it is really used.
        }
    }
}
