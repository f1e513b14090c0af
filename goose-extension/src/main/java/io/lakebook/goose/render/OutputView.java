package io.lakebook.goose.render;

import io.lakebook.goose.tool.ToolResult;

import java.util.List;

/**
 * Sizes outputs for a model. The outputs of one cell form one text (pieces joined by newlines); a view shows each
 * piece up to a cap, keeping its head and tail, and all of them up to a per-call cap, far below the 200,000
 * characters at which Goose moves a result into a file. Every cut is marked where it happens, with the offset into
 * that text from which the caller can read on.
 */
public final class OutputView {

    /** The most one output shows. */
    public static final int PER_OUTPUT = 12_000;
    /** The most the outputs of one call show. */
    public static final int PER_CALL = 40_000;
    /** Images per call; more would crowd out the text. */
    public static final int MAX_IMAGES = 4;

    private OutputView() {
    }

    /** The whole text of {@code pieces}, in which offsets count. */
    public static String fullText(List<Piece> pieces) {
        return String.join("\n", pieces.stream().map(Piece::text).toList());
    }

    /**
     * The capped view of {@code pieces}: each piece up to {@value #PER_OUTPUT} characters, all up to {@code budget}.
     *
     * @param readMore how to read on, given an offset: {@code cell_read(path="a.ipynb", cell_id="x", offset=12000)}
     */
    public static String capped(List<Piece> pieces, int budget, java.util.function.IntFunction<String> readMore) {
        if (pieces.isEmpty()) {
            return "";
        }
        int total = fullText(pieces).length();
        // The end of a run (its last output, often the error) matters most to a model, so when the call's budget
        // cannot hold everything, the last piece keeps its share and the cut falls in the middle.
        String last = pieces.get(pieces.size() - 1).text();
        int lastShare = Math.min(Math.min(last.length(), PER_OUTPUT), budget / 2);
        boolean fits = pieces.stream().mapToInt(p -> Math.min(p.text().length(), PER_OUTPUT)).sum()
                + pieces.size() <= budget;
        List<Piece> front = fits ? pieces : pieces.subList(0, pieces.size() - 1);
        StringBuilder view = new StringBuilder();
        int offset = appendCapped(view, front, fits ? budget : budget - lastShare, total, readMore);
        if (fits) {
            return view.toString();
        }
        int lastStart = total - last.length();
        if (offset < lastStart - 1) {
            view.append(view.length() == 0 ? "" : "\n").append(marker(lastStart - 1 - offset, offset, total, readMore));
        }
        view.append(view.length() == 0 ? "" : "\n")
                .append(last.length() <= lastShare ? last : cut(last, lastShare, lastStart, total, readMore));
        return view.toString();
    }

    /** Appends {@code pieces} within {@code budget}; returns the offset in the whole text where it stopped. */
    private static int appendCapped(StringBuilder view, List<Piece> pieces, int budget, int total,
                                    java.util.function.IntFunction<String> readMore) {
        int offset = 0;
        for (int i = 0; i < pieces.size(); i++) {
            String text = pieces.get(i).text();
            if (budget <= 0) {
                return offset;
            }
            if (i > 0) {
                view.append('\n');
                offset++;
            }
            int cap = Math.min(PER_OUTPUT, budget);
            view.append(text.length() <= cap ? text : cut(text, cap, offset, total, readMore));
            budget -= Math.min(text.length(), cap);
            offset += text.length();
        }
        return offset;
    }

    /** {@code length} characters of the whole text from {@code offset}, saying where to continue if there is more. */
    public static String window(List<Piece> pieces, int offset, java.util.function.IntFunction<String> readMore) {
        String full = fullText(pieces);
        if (offset >= full.length()) {
            return "[offset " + offset + " is past the end: the output has " + full.length() + " characters]";
        }
        int end = Math.min(full.length(), offset + PER_CALL);
        String part = full.substring(offset, end);
        return end == full.length() ? part + "\n[end of output: " + full.length() + " characters]"
                : part + "\n[… " + (full.length() - end) + " more characters. Read on with " + readMore.apply(end)
                + "]";
    }

    /** The images of {@code pieces}, at most {@value #MAX_IMAGES}, downscaled for a model. */
    public static List<ToolResult.Image> images(List<Piece> pieces) {
        return pieces.stream().flatMap(p -> p.image().stream()).limit(MAX_IMAGES).map(Images::forModel).toList();
    }

    private static String cut(String text, int cap, int offset, int total,
                              java.util.function.IntFunction<String> readMore) {
        int head = cap * 2 / 3;
        int tail = cap - head;
        int omitted = text.length() - head - tail;
        return text.substring(0, head) + "\n" + marker(omitted, offset + head, total, readMore) + "\n"
                + text.substring(text.length() - tail);
    }

    private static String marker(int omitted, int from, int total, java.util.function.IntFunction<String> readMore) {
        return String.format("[… %,d characters omitted here (output truncated at characters %,d to %,d of %,d). "
                + "Read them with %s …]", omitted, from, from + omitted, total, readMore.apply(from));
    }
}
