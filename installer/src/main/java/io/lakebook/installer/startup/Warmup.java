package io.lakebook.installer.startup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Work every lakebook command needs soon after it starts, done on a daemon thread while the main thread parses the
 * command line and, for the kernel, binds its sockets: logging, secure random numbers, the JDK's lambda machinery,
 * Jackson and the HMAC each cost their first user milliseconds to tens of milliseconds. The main thread then finds them ready, or waits no longer than it would
 * have worked itself.
 */
public final class Warmup {

    private Warmup() {
    }

    public static void inBackground() {
        // A class rather than a method reference, whose linking would itself be the lambda machinery's first use.
        Thread thread = new Thread(new Runnable() {
            @Override
            public void run() {
                Warmup.run();
            }
        }, "lakebook-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.NORM_PRIORITY);
        thread.start();
    }

    private static void run() {
        try {
            // In the order the kernel's start needs them: secure random numbers and lambdas (ZeroMQ's sockets), then
            // logging (whose time stamps load the locale's calendar data), the JSON codec and the HMAC.
            UUID.randomUUID();
            List.of("a", "b").stream().map(String::toUpperCase).filter(text -> !text.isEmpty()).toList();
            LoggerFactory.getLogger(Warmup.class).isDebugEnabled();
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
