package io.lakebook.installer.installed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakebook.emulator.Emulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.configuration2.INIConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * A machine that already has a {@code ~/.databrickscfg} with three profiles and comments, a Goose configuration with
 * its own extensions and another provider, hints of the user's own and the Python kernel's spec: install changes
 * only what is lakebook's, keeping a copy of each original, and uninstall puts every file back byte for byte.
 */
class ExistingFilesTest {
    private static final String PROFILES = """
            ; Databricks profiles, kept by hand
            [DEFAULT]
            host = https://adb-1111111111111111.11.azuredatabricks.net
            token = dapi-not-a-real-token   ; the old personal access token

            # the team's workspace
            [team]
            host   = https://team.cloud.databricks.com
            auth_type = databricks-cli
            cluster_id = 0101-000000-teamteam

            [prod]
            host = https://prod.cloud.databricks.com
            ; read-only for me
            cluster_id = 0202-000000-prodprod
            """;
    private static final String GOOSE = """
            # Goose, as goose configure left it
            active_provider: openai   # my provider
            providers:
              openai:
                enabled: true
                model: gpt-4o   # the one the team pays for
                configured: true
            GOOSE_MODE: smart_approve
            extensions:
              developer:
                bundled: true
                enabled: true
                name: developer
                timeout: 300
                type: builtin
              # a local MCP server
              filesystem:
                type: stdio
                name: filesystem
                enabled: true
                cmd: npx
                args: ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"]
                env_keys: []
                envs: {}
                timeout: 300
            """;
    private static final String HINTS = "Answer in British English.\n\n@docs/conventions.md\n";
    private static final String PYTHON_KERNEL = "{\"argv\": [\"python\", \"-m\", \"jupyter_databricks_kernel\", "
            + "\"-f\", \"{connection_file}\"], \"display_name\": \"Databricks (Python)\", \"language\": \"python\"}\n";

    @TempDir
    Path dir;

    @Test
    void installKeepsWhatIsNotLakebooksAndUninstallPutsEveryFileBack() throws Exception {
        Emulator emulator = SharedWorkspace.emulator();
        Home home = new Home(dir);
        Path profiles = write(home.path(".databrickscfg"), PROFILES);
        Path goose = write(home.path("goose-elsewhere/config.yaml"), GOOSE);
        Path hints = write(home.path("goose-elsewhere/.goosehints"), HINTS);
        Path kernel = write(home.jupyterData().resolve("kernels/databricks/kernel.json"), PYTHON_KERNEL);
        Path logo = write(kernel.resolveSibling("logo-64x64.png"), "the other kernel's logo");

        Home.Run install = home.lakebook("install", "--host", emulator.host(), "--profile", "dev", "--no-login",
                "--cluster-id", emulator.defaultClusterId(), "--warehouse-id", emulator.defaultWarehouseId(),
                "--model", "databricks-gpt-oss-120b", "--goose-config", goose.toString());

        assertEquals(0, install.status(), install.toString());
        assertProfilesKept(Files.readString(profiles), emulator);
        assertGooseKept(Files.readString(goose));
        assertTrue(Files.readString(hints).startsWith(HINTS) && Files.readString(hints).contains("lakebook: begin"));
        assertTrue(Files.readString(kernel).contains("lakebook.jar"));
        assertTrue(install.output().contains("The kernel spec databricks in " + kernel.getParent() + " belongs to "
                + "another program (\"Databricks (Python)\", which runs python -m jupyter_databricks_kernel ...); "
                + "lakebook replaces it and keeps its files"), install.toString());
        assertFalse(Files.exists(logo), "the other kernel's logo does not show as lakebook's");
        assertEquals("the other kernel's logo", Files.readString(kernel.resolveSibling(".lakebook-backup/"
                + "logo-64x64.png")));
        for (Path file : List.of(profiles, goose, hints, kernel)) {
            assertEquals(file == profiles ? PROFILES : file == goose ? GOOSE : file == hints ? HINTS : PYTHON_KERNEL,
                    Files.readString(file.resolveSibling(file.getFileName() + ".lakebook-backup")), file.toString());
        }

        Home.Run uninstall = home.installed("uninstall");

        assertEquals(0, uninstall.status(), uninstall.toString());
        assertEquals(PROFILES, Files.readString(profiles));
        assertEquals(GOOSE, Files.readString(goose));
        assertEquals(HINTS, Files.readString(hints));
        assertEquals(PYTHON_KERNEL, Files.readString(kernel));
        assertEquals("the other kernel's logo", Files.readString(logo));
        try (Stream<Path> all = Files.walk(dir)) {
            assertEquals(List.of(), all.filter(p -> p.toString().endsWith(".lakebook-backup")).toList());
        }
        assertFalse(Files.exists(home.path(".local/share/lakebook")), uninstall.toString());
        assertFalse(Files.exists(home.path(".local/bin/lakebook")), uninstall.toString());
    }

    /** The three profiles and every comment stay as they were, and the SDK's INI reader sees the new one. */
    private static void assertProfilesKept(String now, Emulator emulator) throws Exception {
        assertTrue(now.startsWith(PROFILES), now);
        assertEquals("\n[dev]\nhost = " + emulator.host() + "\nauth_type = external-browser\ncluster_id = "
                + emulator.defaultClusterId() + "\nwarehouse_id = " + emulator.defaultWarehouseId() + "\n",
                now.substring(PROFILES.length()));
        INIConfiguration ini = INIConfiguration.builder().build();
        ini.read(new java.io.StringReader(now));
        assertEquals(List.of("DEFAULT", "team", "prod", "dev"), List.copyOf(ini.getSections()));
        assertEquals("https://team.cloud.databricks.com", ini.getSection("team").getString("host"));
        assertEquals(emulator.host(), ini.getSection("dev").getString("host"));
    }

    /** Goose's other settings and extensions are untouched; the provider is now Databricks; comments survive. */
    private static void assertGooseKept(String now) {
        Map<String, Object> before = load(GOOSE);
        Map<String, Object> after = load(now);
        assertEquals("databricks", after.get("active_provider"));
        Map<?, ?> providers = (Map<?, ?>) after.get("providers");
        assertEquals(((Map<?, ?>) before.get("providers")).get("openai"), providers.get("openai"));
        assertEquals("databricks-gpt-oss-120b", ((Map<?, ?>) providers.get("databricks")).get("model"));
        assertEquals(before.get("GOOSE_MODE"), after.get("GOOSE_MODE"));
        Map<?, ?> extensions = (Map<?, ?>) after.get("extensions");
        Map<?, ?> theirs = (Map<?, ?>) before.get("extensions");
        assertEquals(theirs.get("developer"), extensions.get("developer"));
        assertEquals(theirs.get("filesystem"), extensions.get("filesystem"));
        assertEquals(List.of("developer", "filesystem", "lakebook"), List.copyOf(extensions.keySet()));
        assertTrue(now.contains("active_provider: databricks # my provider"), now);
        for (String comment : List.of("# Goose, as goose configure left it", "# the one the team pays for",
                "# a local MCP server")) {
            assertTrue(now.contains(comment), comment + " is gone:\n" + now);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String yaml) {
        return new LinkedHashMap<>((Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(yaml));
    }

    private static Path write(Path file, String content) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }
}
