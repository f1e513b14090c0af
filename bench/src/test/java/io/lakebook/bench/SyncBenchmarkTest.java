package io.lakebook.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's harness on a small project: it runs end to end and its figures mean what they say. */
class SyncBenchmarkTest {
    @Test
    void harnessRunsAndReportsThatNothingTravelsWithoutAChangeAndLittleAfterOne() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        SyncBenchmark.run(200, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String report = buffer.toString(StandardCharsets.UTF_8);

        assertTrue(report.contains("no-change check before a cell: median"), report);
        assertTrue(report.contains("python kernel approach"), report);
        assertEquals("0 sync requests, 0 bytes", find(report, "cell after no change: \\d+ ms, (\\d+ sync requests, "
                + "\\d+ bytes)"));
        long oneChange = Long.parseLong(find(report, "one file changed .*, (\\d+) bytes sent for sync"));
        long zip = Long.parseLong(find(report, "(\\d+) bytes as base64"));
        assertTrue(oneChange > 0 && oneChange < zip, report);
    }

    private static String find(String report, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(report);
        assertTrue(matcher.find(), regex + " in " + report);
        return matcher.group(1);
    }
}
