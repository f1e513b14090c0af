package io.lakebook.kernel.display;

import io.lakebook.core.output.ErrorOutput;
import io.lakebook.core.output.ImageOutput;
import io.lakebook.core.output.TableOutput;
import io.lakebook.core.output.TableOutput.Column;
import io.lakebook.core.output.TextOutput;
import io.lakebook.core.output.ValueOutput;
import io.lakebook.kernel.wire.iopub.IOPubDisplayData;
import io.lakebook.kernel.wire.iopub.IOPubError;
import io.lakebook.kernel.wire.iopub.IOPubExecuteResult;
import io.lakebook.kernel.wire.iopub.IOPubStream;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputRendererTest {
    private static final TableOutput PEOPLE = new TableOutput(
            List.of(new Column("name", "string"), new Column("age", "long")),
            List.of(Arrays.asList("<Ada & Co>", 36), Arrays.asList("Bo", null)), false);

    @Test
    void printedTextIsAStdoutStream() {
        assertEquals(IOPubStream.stdout("hi\n"), OutputRenderer.render(new TextOutput("hi\n"), 3));
    }

    @Test
    void expressionValueIsAnExecuteResultWithItsNumber() {
        IOPubExecuteResult result = (IOPubExecuteResult) OutputRenderer.render(new ValueOutput("42"), 7);
        assertEquals(7, result.executionCount());
        assertEquals("42", result.data().get("text/plain"));
    }

    @Test
    void tableIsEscapedHtmlWithColumnTypesAndAlignedText() {
        IOPubDisplayData display = (IOPubDisplayData) OutputRenderer.render(PEOPLE, 1);
        String html = (String) display.data().get("text/html");
        assertTrue(html.contains("<th title=\"string\">name<br><span style=\"font-weight: normal; color: #777\">string"
                + "</span></th><th title=\"long\">age<br>"), html);
        assertTrue(html.contains("<td>&lt;Ada &amp; Co&gt;</td><td>36</td>"), html);
        assertFalse(html.contains("<Ada"), html);
        assertEquals("""
                name        age
                ----------  ----
                <Ada & Co>    36
                Bo          null""", display.data().get("text/plain"));
    }

    @Test
    void truncatedTableSaysSoInBothForms() {
        TableOutput truncated = new TableOutput(PEOPLE.columns(), PEOPLE.rows(), true);
        IOPubDisplayData display = (IOPubDisplayData) OutputRenderer.render(truncated, 1);
        String notice = "Showing the first 2 rows: the cluster truncated the result, so the total is not known.";
        assertTrue(((String) display.data().get("text/html")).contains("<p>" + notice + "</p>"));
        assertTrue(((String) display.data().get("text/plain")).endsWith("\n" + notice));
    }

    @Test
    void moreRowsThanTheCapShowTheCapAndTheTotal() {
        List<List<Object>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 52_310; i++) {
            rows.add(List.of("n" + i, i));
        }
        TableOutput big = new TableOutput(PEOPLE.columns(), rows, false);
        IOPubDisplayData display = (IOPubDisplayData) OutputRenderer.render(big, 1);
        String plain = (String) display.data().get("text/plain");
        assertTrue(plain.endsWith("\nShowing 1,000 of 52,310 rows."), plain.substring(plain.length() - 100));
        assertEquals(2 + 1000 + 1, plain.split("\n").length);
        assertTrue(plain.contains("n999 ") && !plain.contains("n1000 "));
        String html = (String) display.data().get("text/html");
        assertEquals(1000, html.split("<tr><td>", -1).length - 1);
    }

    @Test
    void stderrTextIsAStderrStream() {
        assertEquals(IOPubStream.stderr("oops\n"), OutputRenderer.render(new TextOutput("oops\n", true), 3));
    }

    /** remote-kernels §B D10: SVG reaches Jupyter as XML text, not base64. */
    @Test
    void pngTravelsAsBase64AndSvgAsText() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        IOPubDisplayData image = (IOPubDisplayData) OutputRenderer.render(new ImageOutput("image/png", png), 1);
        assertArrayEquals(png, Base64.getDecoder().decode((String) image.data().get("image/png")));

        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
        IOPubDisplayData vector = (IOPubDisplayData) OutputRenderer.render(
                new ImageOutput("image/svg+xml", svg.getBytes(StandardCharsets.UTF_8)), 1);
        assertEquals(svg, vector.data().get("image/svg+xml"));
    }

    @Test
    void errorKeepsItsTracebackOrGetsAOneLineOne() {
        ErrorOutput withTraceback = new ErrorOutput("ValueError", "bad", List.of("line 1", "line 2"));
        assertEquals(new IOPubError("ValueError", "bad", List.of("line 1", "line 2")),
                OutputRenderer.render(withTraceback, 1));

        IOPubError bare = OutputRenderer.error(new ErrorOutput("ValueError", "bad", List.of()));
        assertEquals(List.of("\u001b[0;31mValueError\u001b[0m: bad"), bare.traceback());
    }
}
