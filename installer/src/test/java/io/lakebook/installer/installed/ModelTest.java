package io.lakebook.installer.installed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakebook.emulator.Emulator;
import io.lakebook.emulator.serving.ServedModel;
import io.lakebook.emulator.serving.ServingEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@code lakebook model list} and {@code lakebook model use}: the workspace's chat endpoints with what AI Gateway does
 * to them, and switching Goose between them, against the emulator's serving endpoints (reference §9.1).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelTest {
    /** An embeddings endpoint: served by the workspace, but not something Goose can chat with. */
    static final String EMBEDDINGS = "databricks-gte-large-en";

    private Home home;

    @BeforeAll
    void install(@TempDir Path dir) throws Exception {
        Emulator emulator = SharedWorkspace.emulator();
        synchronized (ModelTest.class) {
            if (emulator.servingEndpoints().find(EMBEDDINGS).isEmpty()) {
                long now = System.currentTimeMillis();
                emulator.servingEndpoints().add(new ServingEndpoint(EMBEDDINGS, null, "analyst@example.com", now, now,
                        "llm/v1/embeddings", "GTE Large (En), pay-per-token", ServedModel.foundation(
                        "5a4b3c2d1e0f4a9b8c7d6e5f4a3b2c06", EMBEDDINGS, "GTE Large (En)"), null));
            }
        }
        home = new Home(dir);
        Home.Run install = home.signingIn("install", "--host", emulator.host(), "--profile", "dev", "--yes",
                "--model", "databricks-claude-sonnet-4-5");
        assertEquals(0, install.status(), install.toString());
    }

    @Test
    @Order(1)
    void listsTheChatEndpointsWithUsageTrackingAndRateLimits() throws Exception {
        Home.Run list = home.installed("model", "list");

        assertEquals(0, list.status(), list.toString());
        String claude = row(list, "databricks-claude-sonnet-4-5");
        assertTrue(claude.startsWith("*") && claude.contains("pay-per-token")
                && claude.matches(".*\\bon\\s+on \\(endpoint: 600 calls/minute\\).*"), list.toString());
        assertTrue(row(list, "databricks-meta-llama-3-3-70b-instruct").contains("on (user: 120 calls/minute)"));
        assertTrue(row(list, "databricks-gpt-oss-120b").matches(".*\\bon\\s+off$"), list.toString());
        assertTrue(row(list, "openai-gpt-4o").contains("external (openai)"), list.toString());
        assertFalse(list.output().contains(EMBEDDINGS), "an embeddings endpoint is not a chat model");
    }

    @Test
    @Order(2)
    void refusesAnEndpointGooseCannotChatWithAndListsTheOnesItCan() throws Exception {
        Home.Run embeddings = home.installed("model", "use", EMBEDDINGS);
        Home.Run unknown = home.installed("model", "use", "no-such-endpoint");

        assertEquals(1, embeddings.status(), embeddings.toString());
        assertTrue(embeddings.output().contains(EMBEDDINGS + " is a serving endpoint of this workspace for "
                + "llm/v1/embeddings, not a chat model (llm/v1/chat), so Goose cannot chat with it."),
                embeddings.toString());
        assertEquals(1, unknown.status(), unknown.toString());
        assertTrue(unknown.output().contains("no-such-endpoint is not a serving endpoint of this workspace (check "
                + "the spelling)."), unknown.toString());
        for (Home.Run use : List.of(embeddings, unknown)) {
            assertTrue(use.output().contains("The chat endpoints Goose can use: databricks-claude-sonnet-4-5, "
                    + "databricks-meta-llama-3-3-70b-instruct, databricks-gpt-oss-120b, openai-gpt-4o."),
                    use.toString());
        }
        assertEquals("databricks-claude-sonnet-4-5", gooseModel());
    }

    @Test
    @Order(3)
    void switchesGooseToTheChosenEndpoint() throws Exception {
        Home.Run use = home.installed("model", "use", "databricks-meta-llama-3-3-70b-instruct");

        assertEquals(0, use.status(), use.toString());
        assertEquals("databricks-meta-llama-3-3-70b-instruct", gooseModel());
        assertTrue(row(home.installed("model", "list"), "databricks-meta-llama-3-3-70b-instruct").startsWith("*"));
    }

    private String gooseModel() throws Exception {
        Map<?, ?> config = (Map<?, ?>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(home.path(".config/goose/config.yaml")));
        String model = (String) ((Map<?, ?>) ((Map<?, ?>) config.get("providers")).get("databricks")).get("model");
        assertEquals(model, config.get("GOOSE_MODEL"), "older Goose releases read the flat key");
        return model;
    }

    private static String row(Home.Run list, String endpoint) {
        return list.output().lines().filter(line -> line.length() > 2 && line.substring(2).startsWith(endpoint + " "))
                .findFirst().orElseThrow(() -> new AssertionError(endpoint + " not listed:\n" + list));
    }
}
