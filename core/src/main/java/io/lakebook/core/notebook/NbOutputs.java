package io.lakebook.core.notebook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.core.output.ClearOutput;
import io.lakebook.core.output.ErrorOutput;
import io.lakebook.core.output.ImageOutput;
import io.lakebook.core.output.Output;
import io.lakebook.core.output.TableBundle;
import io.lakebook.core.output.TableOutput;
import io.lakebook.core.output.TextOutput;
import io.lakebook.core.output.ValueOutput;

import java.util.Base64;
import java.util.List;

/**
 * Turns a run's neutral output records into nbformat 4 outputs, so that a notebook run by an agent opens in Jupyter
 * showing what a person running it would have seen.
 */
public final class NbOutputs {

    private NbOutputs() {
    }

    public static ArrayNode of(List<Output> outputs, int executionCount) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        ClearOutput.applied(outputs).forEach(output -> array.add(of(output, executionCount)));
        return array;
    }

    private static ObjectNode of(Output output, int executionCount) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (output instanceof TextOutput text) {
            node.put("output_type", "stream").put("name", "stdout").set("text", Cell.lines(text.text()));
        } else if (output instanceof ValueOutput value) {
            node.put("output_type", "execute_result").put("execution_count", executionCount);
            node.putObject("data").set("text/plain", Cell.lines(value.repr()));
            node.putObject("metadata");
        } else if (output instanceof TableOutput table) {
            node.put("output_type", "display_data");
            ObjectNode data = node.putObject("data");
            TableBundle.bundle(table).forEach((mime, text) -> data.set(mime, Cell.lines((String) text)));
            node.putObject("metadata");
        } else if (output instanceof ImageOutput image) {
            node.put("output_type", "display_data");
            node.putObject("data").put(image.mimeType(), Base64.getEncoder().encodeToString(image.data()));
            node.putObject("metadata");
        } else if (output instanceof ErrorOutput error) {
            node.put("output_type", "error").put("ename", error.name()).put("evalue", error.message());
            ArrayNode traceback = node.putArray("traceback");
            error.traceback().forEach(traceback::add);
        }
        return node;
    }
}
