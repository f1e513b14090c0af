package io.lakebook.installer.goose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class YamlDocumentTest {
    private static final String CONFIG = """
            # my Goose
            GOOSE_MODE: smart_approve
            GOOSE_MODEL: "gpt-4o"  # quoted on purpose
            extensions:
              # files
              filesystem:
                cmd: npx
                args: ["-y", "server-filesystem"]
                envs: {}
            """;

    @Test
    void keepsTheCommentsOrderAndQuotingOfWhatItDoesNotTouch() {
        YamlDocument config = YamlDocument.parse(CONFIG, "config.yaml");

        config.set(List.of("DATABRICKS_HOST"), "https://dbc.cloud.databricks.com");

        String text = config.text();
        assertTrue(text.startsWith("# my Goose\nGOOSE_MODE: smart_approve\nGOOSE_MODEL: \"gpt-4o\""), text);
        assertTrue(text.contains("# quoted on purpose") && text.contains("  # files\n  filesystem:"), text);
        assertTrue(text.contains("args: [\"-y\", \"server-filesystem\"]"), text);
        assertTrue(text.endsWith("DATABRICKS_HOST: https://dbc.cloud.databricks.com\n"), text);
    }

    @Test
    void settingAnEqualValueChangesNothing() {
        YamlDocument config = YamlDocument.parse(CONFIG, "config.yaml");
        String before = config.text();

        assertFalse(config.set(List.of("GOOSE_MODEL"), "gpt-4o"));
        assertFalse(config.set(List.of("extensions", "filesystem", "args"), List.of("-y", "server-filesystem")));
        assertEquals(before, config.text());
    }

    @Test
    void createsTheMappingsOnTheWayToANewKeyAndRemovesTheKey() {
        YamlDocument config = YamlDocument.parse("", "config.yaml");

        assertTrue(config.set(List.of("providers", "databricks"), Map.of("model", "m")));

        assertEquals(Optional.of("m"), config.get(List.of("providers", "databricks", "model")));
        assertTrue(config.remove(List.of("providers", "databricks")));
        assertEquals(Optional.of(Map.of()), config.get(List.of("providers")));
    }

    @Test
    void refusesToPutAKeyIntoSomethingThatIsNotAMapping() {
        YamlDocument config = YamlDocument.parse("extensions: [a, b]\n", "config.yaml");

        YamlDocument.InvalidYamlException refused = assertThrows(YamlDocument.InvalidYamlException.class,
                () -> config.set(List.of("extensions", "lakebook"), Map.of()));

        assertTrue(refused.getMessage().contains("'extensions' holds a sequence where a mapping is expected"),
                refused.getMessage());
    }

    @Test
    void namesTheLineOfASyntaxError() {
        YamlDocument.InvalidYamlException refused = assertThrows(YamlDocument.InvalidYamlException.class,
                () -> YamlDocument.parse("a: 1\nb: [2\nc: 3\n", "config.yaml"));

        assertTrue(refused.getMessage().startsWith("config.yaml is not valid YAML: ")
                && refused.getMessage().contains("at line "), refused.getMessage());
    }

    @Test
    void refusesAKeyThatAppearsTwiceNamingBothLines() {
        String text = """
                GOOSE_PROVIDER: openai
                extensions:
                  developer:
                    enabled: true
                    enabled: false
                GOOSE_PROVIDER: anthropic
                """;

        YamlDocument.InvalidYamlException nested = assertThrows(YamlDocument.InvalidYamlException.class,
                () -> YamlDocument.parse(text.replace("GOOSE_PROVIDER: anthropic\n", ""), "config.yaml"));
        YamlDocument.InvalidYamlException top = assertThrows(YamlDocument.InvalidYamlException.class,
                () -> YamlDocument.parse(text.replace("    enabled: false\n", ""), "config.yaml"));

        assertTrue(nested.getMessage().contains("'extensions.developer.enabled' twice, at line 4 and line 5"),
                nested.getMessage());
        assertTrue(top.getMessage().contains("'GOOSE_PROVIDER' twice, at line 1 and line 5"), top.getMessage());
    }

    @Test
    void keepsTheCommentAtTheEndOfALineWhoseValueChangesAndWhenItChangesBack() {
        YamlDocument config = YamlDocument.parse("GOOSE_PROVIDER: openai   # my provider\nGOOSE_MODE: auto\n",
                "config.yaml");

        config.set(List.of("GOOSE_PROVIDER"), "databricks");
        String changed = config.text();
        YamlDocument again = YamlDocument.parse(changed, "config.yaml");
        again.set(List.of("GOOSE_PROVIDER"), "openai");

        assertTrue(changed.startsWith("GOOSE_PROVIDER: databricks # my provider\n"), changed);
        assertTrue(again.text().startsWith("GOOSE_PROVIDER: openai # my provider\n"), again.text());
    }
}
