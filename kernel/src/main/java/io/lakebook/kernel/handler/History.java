package io.lakebook.kernel.handler;

import io.lakebook.kernel.wire.shell.ShellHistoryRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The inputs this kernel ran with {@code store_history}, for consoles' up-arrow and {@code %history}. It lives as
 * long as the kernel process: one session, numbered {@value #SESSION}. Lines are execution counts.
 * See https://jupyter-client.readthedocs.io/en/stable/messaging.html#history
 */
final class History {
    static final int SESSION = 1;

    private record Entry(int line, String input, String output) {
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(int line, String input, String output) {
        entries.add(new Entry(line, input, output));
    }

    synchronized List<List<Object>> select(ShellHistoryRequest request) {
        List<Entry> chosen = switch (request.histAccessType()) {
            case "range" -> range(request);
            case "search" -> search(request);
            default -> last(entries, request.n());
        };
        return chosen.stream().map(entry -> row(entry, request.output())).toList();
    }

    /** Lines from {@code start} up to, not including, {@code stop}; session 0 means "this session". */
    private List<Entry> range(ShellHistoryRequest request) {
        Integer session = request.session();
        if (session != null && session != 0 && session != SESSION) {
            return List.of();
        }
        int start = request.start() == null ? 1 : request.start();
        int stop = request.stop() == null ? Integer.MAX_VALUE : request.stop();
        return entries.stream().filter(entry -> entry.line() >= start && entry.line() < stop).toList();
    }

    /** Inputs matching a glob ({@code *} and {@code ?}), the newest {@code n}, optionally without repeats. */
    private List<Entry> search(ShellHistoryRequest request) {
        Pattern glob = globToRegex(request.pattern() == null ? "*" : request.pattern());
        List<Entry> matches = entries.stream().filter(entry -> glob.matcher(entry.input()).matches()).toList();
        if (request.unique()) {
            Map<String, Entry> newest = new LinkedHashMap<>();
            matches.forEach(entry -> {
                newest.remove(entry.input());
                newest.put(entry.input(), entry);
            });
            matches = List.copyOf(newest.values());
        }
        return last(matches, request.n());
    }

    private static List<Entry> last(List<Entry> list, Integer n) {
        if (n == null || n >= list.size()) {
            return List.copyOf(list);
        }
        return List.copyOf(list.subList(list.size() - Math.max(n, 0), list.size()));
    }

    private static List<Object> row(Entry entry, boolean withOutput) {
        Object input = withOutput ? Arrays.asList(entry.input(), entry.output()) : entry.input();
        return List.of(SESSION, entry.line(), input);
    }

    private static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
