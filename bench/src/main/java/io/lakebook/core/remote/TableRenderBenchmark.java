package io.lakebook.core.remote;

import com.databricks.sdk.core.utils.SerDeUtils;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.core.output.Output;
import io.lakebook.kernel.display.OutputRenderer;
import io.lakebook.kernel.transport.FrameCodec;
import io.lakebook.kernel.transport.Secret;
import io.lakebook.kernel.transport.Signer;
import io.lakebook.kernel.wire.JsonCodec;
import io.lakebook.kernel.wire.MessageFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A table result of many rows, as the cluster's command status sends it, made into the IOPub {@code display_data}
 * message the kernel sends: the SDK parses the answer, lakebook maps it to a table and renders it as a MIME bundle
 * (at most {@code TableBundle.ROW_CAP} rows shown), and the message is encoded and signed into its frames.
 *
 * <p>It lives in {@code core.remote} because the mapping from the command's result to outputs is that package's own.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TableRenderBenchmark {
    private static final String[] TYPES = {"long", "string", "double", "boolean", "string"};
    private static final String[] NAMES = {"order_id", "customer", "amount", "shipped", "ordered_at"};

    @Param({"100000"})
    public int rows;

    private final ObjectMapper sdkJson = SerDeUtils.createMapper();
    private final ResultMapper mapper = new ResultMapper(name -> new byte[0]);
    private final JsonCodec codec = new JsonCodec();
    private final MessageFactory messages = new MessageFactory("bench-session", "bench");
    private final FrameCodec frames = new FrameCodec(new Signer("hmac-sha256", Secret.of("bench-key")));
    private byte[] answer;
    private CommandStatusResponse parsed;

    @Setup
    public void setUp() throws IOException {
        answer = commandStatus(rows);
        parsed = sdkJson.readValue(answer, CommandStatusResponse.class);
    }

    /** From the bytes of the status answer to the frames of the message. */
    @Benchmark
    public List<byte[]> fromAnswer() throws IOException {
        return render(sdkJson.readValue(answer, CommandStatusResponse.class));
    }

    /** From the status the SDK has parsed to the frames: what lakebook itself adds. */
    @Benchmark
    public List<byte[]> fromParsedAnswer() {
        return render(parsed);
    }

    /** The frames of the table's message, for the figure's size check. */
    public List<byte[]> renderOnce() throws IOException {
        setUp();
        return fromParsedAnswer();
    }

    private List<byte[]> render(CommandStatusResponse response) {
        List<byte[]> all = new ArrayList<>();
        for (Output output : mapper.map(response).outputs()) {
            Object content = OutputRenderer.render(output, 1);
            all.addAll(frames.encode(codec.encode(messages.publication(null, content))));
        }
        return all;
    }

    /** A Finished command whose result is a table, as {@code display(df)} gives it (reference §2.6). */
    static byte[] commandStatus(int rowCount) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode status = json.createObjectNode().put("id", "bench-command").put("status", "Finished");
        ObjectNode results = status.putObject("results").put("resultType", "table").put("truncated", false)
                .put("isJsonSchema", true);
        ArrayNode schema = results.putArray("schema");
        for (int i = 0; i < NAMES.length; i++) {
            schema.addObject().put("name", NAMES[i]).put("type", "\"" + TYPES[i] + "\"").put("metadata", "{}");
        }
        ArrayNode data = results.putArray("data");
        for (int row = 0; row < rowCount; row++) {
            data.addArray().add(1_000_000L + row).add("customer-" + (row % 977)).add(row * 1.25).add(row % 3 == 0)
                    .add("2026-12-04T09:" + String.format("%02d:%02d", row / 60 % 60, row % 60));
        }
        return json.writeValueAsBytes(status);
    }
}
