package io.lakebook.core.remote;

import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.ResultType;
import com.databricks.sdk.service.compute.Results;
import io.lakebook.core.output.ErrorOutput;
import io.lakebook.core.output.ImageOutput;
import io.lakebook.core.output.TableBundle;
import io.lakebook.core.output.TableOutput;
import io.lakebook.core.output.TextOutput;
import io.lakebook.core.output.ValueOutput;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultMapperTest {

    private final ResultMapper mapper = new ResultMapper(path -> {
        throw new IllegalStateException("no file store here: " + path);
    });

    private static CommandStatusResponse finished(Results results) {
        return new CommandStatusResponse().setId("c1").setStatus(CommandStatus.FINISHED).setResults(results);
    }

    @Test
    void theReplsOutPrefixBecomesTheCellsValue() {
        assertEquals(List.of(new TextOutput("a\nb\n"), new ValueOutput("[1,\n 2]")),
                ResultMapper.text("a\nb\nOut[12]: [1,\n 2]"));
        assertEquals(List.of(new ValueOutput("3")), ResultMapper.text("Out[1]: 3"));
        assertEquals(List.of(new TextOutput("no value\n")), ResultMapper.text("no value\n"));
        assertEquals(List.of(), ResultMapper.text(""));
    }

    @Test
    void aLargeTableKeepsTheRowsANotebookShowsAndCountsAllOfThem() {
        List<List<Object>> data = new java.util.ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            data.add(List.of(i, "row " + i));
        }
        Results results = new Results().setResultType(ResultType.TABLE).setData(data)
                .setSchema(List.of(java.util.Map.of("name", "id", "type", "long"),
                        java.util.Map.of("name", "label", "type", "string")));

        TableOutput table = assertInstanceOf(TableOutput.class, mapper.map(finished(results)).outputs().get(0));

        assertEquals(TableBundle.ROW_CAP, table.rows().size());
        assertEquals(5_000, table.totalRows());
        assertEquals(List.of(999, "row 999"), table.rows().get(TableBundle.ROW_CAP - 1));
        String shown = (String) TableBundle.bundle(table).get("text/plain");
        assertTrue(shown.endsWith("Showing 1,000 of 5,000 rows."), shown);
    }

    /** remote-kernels §B D11: the error's name and message lose the summary's HTML and entities. */
    @Test
    void anErrorSummaryLosesItsHtmlAndKeepsTheExceptionName() {
        Results results = new Results().setResultType(ResultType.ERROR)
                .setSummary("<span class='ansi-red-fg'>KeyError</span>: &#39;a&lt;b&#39;")
                .setCause("\u001b[0;31mKeyError\u001b[0m  Traceback\nline 2\n");

        ErrorOutput error = mapper.map(finished(results)).error().orElseThrow();

        assertEquals("KeyError", error.name());
        assertEquals("'a<b'", error.message());
        assertEquals(List.of("\u001b[0;31mKeyError\u001b[0m  Traceback", "line 2"), error.traceback());
    }

    /** remote-kernels §B.16 (PR #94): every image of an IMAGES result is shown, or said to be missing. */
    @Test
    void aPlotThatCannotBeFetchedIsSaidNotDropped() {
        Results results = new Results().setResultType(ResultType.IMAGES)
                .setFileNames(List.of("data:image/png;base64,iVBORw0K", "/plots/gone.png"));

        var outputs = mapper.map(finished(results)).outputs();

        assertInstanceOf(ImageOutput.class, outputs.get(0));
        TextOutput notice = assertInstanceOf(TextOutput.class, outputs.get(1));
        assertEquals(true, notice.text().contains("/plots/gone.png could not be fetched"));
    }

    @Test
    void jsonSchemaTypesAreUnquoted() {
        assertEquals("long", ResultMapper.typeName("\"long\"", true));
        assertEquals("struct", ResultMapper.typeName("{\"type\":\"struct\",\"fields\":[]}", true));
        assertEquals("bigint", ResultMapper.typeName("bigint", false));
    }

    @Test
    void aCancelledCommandIsCancelled() {
        var response = new CommandStatusResponse().setId("c").setStatus(CommandStatus.CANCELLED);

        assertEquals(Execution.Status.CANCELLED, mapper.map(response).status());
    }
}
