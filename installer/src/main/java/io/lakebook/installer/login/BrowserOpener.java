package io.lakebook.installer.login;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Opens a URL in the user's browser when this machine has one: the {@code BROWSER} command if set (as the Databricks
 * CLI honours it; {@code none} means never), else the desktop's opener. In a container or over SSH there is none,
 * and the caller prints the URL instead.
 */
final class BrowserOpener {
    private final Map<String, String> env;

    BrowserOpener(Map<String, String> env) {
        this.env = env;
    }

    /** Whether a browser was started; false when none could be. */
    boolean open(String url) {
        String browser = env.getOrDefault("BROWSER", "").trim();
        if (browser.equalsIgnoreCase("none")) {
            return false;
        }
        if (!browser.isEmpty()) {
            return run(List.of(browser, url));
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return run(List.of("open", url));
        }
        if (os.contains("win")) {
            return run(List.of("rundll32", "url.dll,FileProtocolHandler", url));
        }
        boolean desktop = !env.getOrDefault("DISPLAY", "").isEmpty() || !env.getOrDefault("WAYLAND_DISPLAY", "")
                .isEmpty();
        return desktop && run(List.of("xdg-open", url));
    }

    private static boolean run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            // Openers return at once; one that is still running has started a browser in the foreground.
            return !process.waitFor(5, TimeUnit.SECONDS) || process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
