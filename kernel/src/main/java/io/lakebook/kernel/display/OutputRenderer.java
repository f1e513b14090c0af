package io.lakebook.kernel.display;

import io.lakebook.core.output.TableBundle;
import io.lakebook.core.output.ClearOutput;
import io.lakebook.core.output.ErrorOutput;
import io.lakebook.core.output.ImageOutput;
import io.lakebook.core.output.Output;
import io.lakebook.core.output.TableOutput;
import io.lakebook.core.output.TextOutput;
import io.lakebook.core.output.ValueOutput;
import io.lakebook.kernel.wire.iopub.IOPubClearOutput;
import io.lakebook.kernel.wire.iopub.IOPubDisplayData;
import io.lakebook.kernel.wire.iopub.IOPubError;
import io.lakebook.kernel.wire.iopub.IOPubExecuteResult;
import io.lakebook.kernel.wire.iopub.IOPubStream;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Turns what a remote command produced into the IOPub content a notebook shows: printed text as a stdout stream, the
 * last expression as {@code execute_result}, tables and images as {@code display_data}, a failure as {@code error}.
 * See https://jupyter-client.readthedocs.io/en/stable/messaging.html#messages-on-the-iopub-pub-sub-channel
 */
public final class OutputRenderer {
    private static final String RED = "\u001b[0;31m";
    private static final String RESET = "\u001b[0m";

    private OutputRenderer() {
    }

    /** The IOPub content record for one output; {@code executionCount} labels an expression's value. */
    public static Object render(Output output, int executionCount) {
        if (output instanceof TextOutput text) {
            return text.stderr() ? IOPubStream.stderr(text.text()) : IOPubStream.stdout(text.text());
        }
        if (output instanceof ValueOutput value) {
            return new IOPubExecuteResult(executionCount, Map.of("text/plain", value.repr()), Map.of());
        }
        if (output instanceof TableOutput table) {
            return IOPubDisplayData.of(TableBundle.bundle(table));
        }
        if (output instanceof ImageOutput image) {
            return IOPubDisplayData.of(image(image));
        }
        if (output instanceof ClearOutput clear) {
            return new IOPubClearOutput(clear.waitForNext());
        }
        return error((ErrorOutput) output);
    }

    public static IOPubError error(ErrorOutput error) {
        List<String> traceback = error.traceback().isEmpty()
                ? List.of(RED + error.name() + RESET + ": " + error.message())
                : error.traceback();
        return new IOPubError(error.name(), error.message(), traceback);
    }

    /** SVG is XML text, which Jupyter expects as a string; every other image travels as base64. */
    private static Map<String, Object> image(ImageOutput image) {
        String mime = image.mimeType();
        String data = mime.equals("image/svg+xml")
                ? new String(image.data(), StandardCharsets.UTF_8)
                : Base64.getEncoder().encodeToString(image.data());
        return Map.of(mime, data, "text/plain", "<" + mime + " image, " + image.data().length + " bytes>");
    }
}
