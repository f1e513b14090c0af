package io.lakebook.goose;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakebook.emulator.Emulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.lakebook.goose.ServerProcess.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MCP Inspector in CLI mode ({@code @modelcontextprotocol/inspector-cli}), the tool people reach for first to
 * check a server by hand, lists the tools and calls one, starting the server over stdio as Goose does.
 */
class InspectorCliTest {

    private static Emulator emulator;

    @TempDir
    Path project;

    @BeforeAll
    static void startEmulator() {
        emulator = Emulator.builder().port(0).build().start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    private JsonNode inspector(String... options) throws Exception {
        NodeClients.install();
        Path cli = NodeClients.directory().resolve("node_modules/@modelcontextprotocol/inspector-cli/build");
        List<String> server = ServerProcess.command();
        // The server's own options start with '-', so they follow '--'; the CLI wants the command itself before it.
        List<String> command = new ArrayList<>(List.of("node", cli.resolve("index.js").toString(), server.get(0)));
        command.addAll(List.of(options));
        command.add("--");
        command.addAll(server.subList(1, server.size()));
        Map<String, String> env = new HashMap<>();
        env.put("DATABRICKS_HOST", emulator.host());
        env.put("DATABRICKS_TOKEN", emulator.token());
        env.put("DATABRICKS_WAREHOUSE_ID", emulator.defaultWarehouseId());
        env.put("DATABRICKS_CONFIG_FILE", project.resolve("no-databrickscfg").toString());
        env.put(GooseMain.ENV_PROJECT_ROOT, project.toString());
        // The CLI reads its own package.json as ../package.json from the working directory, so it must run from its
        // build folder; from the npm project's root it fails (reference/toolchain.md).
        NodeClients.Result result = NodeClients.run(command, cli, env, 120);
        assertEquals(0, result.exitCode(), result.output());
        assertFalse(result.output().contains(emulator.token()), "the token must never be printed");
        String output = result.output();
        return JSON.readTree(output.substring(output.indexOf('{')));
    }

    @Test
    void listsEveryToolWithItsSchema() throws Exception {
        JsonNode listed = inspector("--method", "tools/list");

        Set<String> names = new HashSet<>();
        listed.path("tools").forEach(tool -> names.add(tool.path("name").asText()));
        assertEquals(22, names.size(), names.toString());
        assertTrue(names.containsAll(List.of("sql_run", "sql_poll", "sql_cancel", "catalog_list", "table_describe",
                "table_sample", "notebook_run", "cluster_start")), names.toString());
    }

    @Test
    void callsSqlRunAndGetsRows() throws Exception {
        JsonNode result = inspector("--method", "tools/call", "--tool-name", "sql_run", "--tool-arg",
                "query=SELECT count(*) AS trips FROM samples.nyctaxi.trips");

        assertFalse(result.path("isError").asBoolean(), result.toString());
        String text = result.at("/content/0/text").asText();
        assertTrue(text.contains("succeeded: 1 row"), text);
        assertTrue(text.contains("trips:BIGINT\n500"), text);
    }
}
