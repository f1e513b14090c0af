package io.lakebook.goose.render;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputViewTest {

    private static final Pattern OFFSET = Pattern.compile("offset=(\\d+)");

    @Test
    void aLongOutputKeepsHeadAndTailAndTheMarkerPointsAtTheFirstOmittedCharacter() {
        String text = "HEAD" + "a".repeat(50_000) + "b".repeat(50_000) + "TAIL";
        List<Piece> pieces = List.of(Piece.text("first line"), Piece.text(text));

        String view = OutputView.capped(pieces, OutputView.PER_CALL, offset -> "read(offset=" + offset + ")");

        assertTrue(view.length() < OutputView.PER_OUTPUT + 1_000, "view is " + view.length());
        assertTrue(view.contains("HEAD") && view.endsWith("TAIL"), view.substring(0, 50));
        Matcher marker = OFFSET.matcher(view);
        assertTrue(marker.find(), view);
        int offset = Integer.parseInt(marker.group(1));
        String full = OutputView.fullText(pieces);
        String shownBeforeMarker = view.substring(0, view.indexOf("\n[…"));
        assertEquals(full.substring(0, offset), shownBeforeMarker);
    }

    @Test
    void thePerCallCapKeepsTheLastOutputAndMarksWhatWasCutBeforeIt() {
        List<Piece> pieces = List.of(Piece.text("x".repeat(11_000)), Piece.text("y".repeat(11_000)),
                Piece.text("z".repeat(11_000)), Piece.text("w".repeat(11_000)), Piece.text("v".repeat(11_000)));

        String view = OutputView.capped(pieces, OutputView.PER_CALL, offset -> "read(offset=" + offset + ")");

        assertTrue(view.length() <= OutputView.PER_CALL + 1_000, "view is " + view.length());
        assertTrue(view.contains("xxx") && view.endsWith("v".repeat(100)), "the first and the last output stay");
        assertTrue(view.contains("characters omitted here"), view.substring(0, 300));
    }

    @Test
    void printedTextReadInManyChunksIsOnePieceWithItsEndKept() {
        List<io.lakebook.core.output.Output> chunks = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            chunks.add(new io.lakebook.core.output.TextOutput("line " + i + "\n"));
        }
        chunks.add(new io.lakebook.core.output.ErrorOutput("ValueError", "at the end", List.of()));

        List<Piece> pieces = Pieces.of(chunks);
        String view = OutputView.capped(pieces, OutputView.PER_CALL, offset -> "read(offset=" + offset + ")");

        assertEquals(2, pieces.size());
        assertTrue(pieces.get(0).text().startsWith("line 0\nline 1\n"), "no doubled newlines");
        assertTrue(view.contains("line 19999") && view.contains("ValueError: at the end"), view.substring(
                view.length() - 300));
    }

    @Test
    void aWindowReadsOnFromAnOffsetAndSaysWhereToContinue() {
        List<Piece> pieces = List.of(Piece.text("0123456789".repeat(10_000)));

        String window = OutputView.window(pieces, 5, offset -> "read(offset=" + offset + ")");

        assertTrue(window.startsWith("56789"), window.substring(0, 20));
        assertTrue(window.contains("read(offset=" + (5 + OutputView.PER_CALL) + ")"), window.substring(
                window.length() - 200));
    }

    @Test
    void ansiCodesAreStripped() {
        assertEquals("NameError: x", Ansi.strip("\u001B[0;31mNameError\u001B[0m: x"));
        assertEquals("title", Ansi.strip("\u001B]0;title\u0007title"));
    }
}
