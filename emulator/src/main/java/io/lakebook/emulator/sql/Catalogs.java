package io.lakebook.emulator.sql;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of the workspace's catalogs inside the engine. {@code main} and {@code system} are reserved words of the
 * engine, so those two catalogs live there as {@code lakebook_main} and {@code lakebook_system}; every name that goes
 * in is translated by {@link #toEngine} and every name or message that comes out by {@link #fromEngine}, so clients
 * never see the engine's names.
 */
public final class Catalogs {
    public static final String MAIN = "main";
    public static final String SAMPLES = "samples";
    public static final String SYSTEM = "system";
    /** The catalogs of the workspace, in the engine's names. */
    static final List<String> ENGINE_NAMES = List.of("lakebook_main", "samples", "lakebook_system");

    private static final Map<String, String> TO_ENGINE = Map.of(MAIN, "lakebook_main", SYSTEM, "lakebook_system");
    private static final Pattern ENGINE_NAME = Pattern.compile("\\blakebook_(main|system)\\b");

    private Catalogs() {
    }

    public static String toEngine(String catalog) {
        return TO_ENGINE.getOrDefault(catalog.toLowerCase(Locale.ROOT), catalog);
    }

    /** A catalog name, or any text that mentions one, in the workspace's names. */
    public static String fromEngine(String text) {
        Matcher matcher = ENGINE_NAME.matcher(text);
        return matcher.replaceAll("$1");
    }
}
