package io.lakebook.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.BadRequest;
import com.databricks.sdk.core.error.platform.ResourceAlreadyExists;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.workspace.Delete;
import com.databricks.sdk.service.workspace.ExportFormat;
import com.databricks.sdk.service.workspace.ExportRequest;
import com.databricks.sdk.service.workspace.ExportResponse;
import com.databricks.sdk.service.workspace.Import;
import com.databricks.sdk.service.workspace.ImportFormat;
import com.databricks.sdk.service.workspace.Language;
import com.databricks.sdk.service.workspace.ObjectInfo;
import com.databricks.sdk.service.workspace.ObjectType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Workspace API 2.0 (reference §5) through databricks-sdk-java. */
class WorkspaceApiTest {
    private static final String SOURCE = "# Databricks notebook source\nprint(1)\n\n# COMMAND ----------\n\n"
            + "# MAGIC %md\n# MAGIC ## Notes\n";
    private static Emulator emulator;
    private static WorkspaceClient client;
    private String home;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().build().start();
        client = Sdk.client(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void folder() {
        home = "/Users/" + Emulator.USER_NAME + "/t-" + UUID.randomUUID();
        client.workspace().mkdirs(home);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decoded(ExportResponse response) {
        return new String(Base64.getDecoder().decode(response.getContent()), StandardCharsets.UTF_8);
    }

    private void importSource(String path, String text, boolean overwrite) {
        client.workspace().importContent(new Import().setPath(path).setFormat(ImportFormat.SOURCE)
                .setLanguage(Language.PYTHON).setContent(base64(text)).setOverwrite(overwrite));
    }

    @Test
    void aSourceNotebookRoundTripsAndHasItsStatus() {
        importSource(home + "/monitor", SOURCE, false);

        ObjectInfo info = client.workspace().getStatus(home + "/monitor");
        ExportResponse exported = client.workspace().export(new ExportRequest().setPath(home + "/monitor")
                .setFormat(ExportFormat.SOURCE));

        assertEquals(ObjectType.NOTEBOOK, info.getObjectType());
        assertEquals(Language.PYTHON, info.getLanguage());
        assertEquals(home + "/monitor", info.getPath());
        assertTrue(info.getObjectId() > 0);
        assertEquals(SOURCE, decoded(exported));
        assertEquals("py", exported.getFileType());
    }

    @Test
    void aNotebookExportsAsJupyterWithMarkdownCells() throws Exception {
        importSource(home + "/monitor", SOURCE, false);

        ExportResponse exported = client.workspace().export(new ExportRequest().setPath(home + "/monitor")
                .setFormat(ExportFormat.JUPYTER));

        JsonNode notebook = new ObjectMapper().readTree(decoded(exported));
        assertEquals(4, notebook.path("nbformat").asInt());
        assertEquals("code", notebook.at("/cells/0/cell_type").asText());
        assertEquals("print(1)", notebook.at("/cells/0/source").asText());
        assertEquals("markdown", notebook.at("/cells/1/cell_type").asText());
        assertEquals("## Notes", notebook.at("/cells/1/source").asText());
    }

    @Test
    void autoImportStripsANotebookExtensionAndKeepsFilesAsFiles() {
        client.workspace().importContent(new Import().setPath(home + "/etl.py").setFormat(ImportFormat.AUTO)
                .setContent(base64(SOURCE)));
        client.workspace().importContent(new Import().setPath(home + "/helpers.py").setFormat(ImportFormat.AUTO)
                .setContent(base64("def f():\n    return 1\n")));

        assertEquals(ObjectType.NOTEBOOK, client.workspace().getStatus(home + "/etl").getObjectType());
        ObjectInfo file = client.workspace().getStatus(home + "/helpers.py");
        assertEquals(ObjectType.FILE, file.getObjectType());
        assertEquals(22L, file.getSize());
        assertNull(file.getLanguage());
    }

    @Test
    void listShowsTheFolderContentAndAnEmptyFolderListsNothing() {
        importSource(home + "/a", SOURCE, false);
        client.workspace().mkdirs(home + "/sub/deeper");

        List<String> paths = new ArrayList<>();
        client.workspace().list(home).forEach(o -> paths.add(o.getPath() + ":" + o.getObjectType()));

        assertEquals(List.of(home + "/a:NOTEBOOK", home + "/sub:DIRECTORY"), paths);
        assertEquals(false, client.workspace().list(home + "/sub/deeper").iterator().hasNext());
    }

    @Test
    void aMissingPathIsResourceDoesNotExistNamingIt() {
        ResourceDoesNotExist e = assertThrows(ResourceDoesNotExist.class,
                () -> client.workspace().getStatus(home + "/nope"));

        assertEquals("Path (" + home + "/nope) doesn't exist.", e.getMessage());
        assertThrows(ResourceDoesNotExist.class, () -> client.workspace().list(home + "/nope").iterator().next());
    }

    @Test
    void importingOverAnExistingNotebookNeedsOverwrite() {
        importSource(home + "/n", SOURCE, false);

        ResourceAlreadyExists e = assertThrows(ResourceAlreadyExists.class, () -> importSource(home + "/n", SOURCE,
                false));
        importSource(home + "/n", "# Databricks notebook source\nprint(2)\n", true);

        assertEquals("Node named 'n' already exists", e.getMessage());
        assertTrue(decoded(client.workspace().export(home + "/n")).contains("print(2)"));
    }

    @Test
    void importingIntoAMissingFolderFails() {
        ResourceDoesNotExist e = assertThrows(ResourceDoesNotExist.class,
                () -> importSource(home + "/missing/n", SOURCE, false));

        assertEquals("The parent folder (" + home + "/missing) does not exist.", e.getMessage());
    }

    @Test
    void mkdirsOverANotebookFails() {
        importSource(home + "/n", SOURCE, false);

        assertThrows(ResourceAlreadyExists.class, () -> client.workspace().mkdirs(home + "/n/below"));
        client.workspace().mkdirs(home);
    }

    @Test
    void aFolderWithContentIsDeletedOnlyRecursively() {
        importSource(home + "/n", SOURCE, false);

        assertThrows(BadRequest.class, () -> client.workspace().delete(new Delete().setPath(home)));
        client.workspace().delete(new Delete().setPath(home).setRecursive(true));

        assertThrows(ResourceDoesNotExist.class, () -> client.workspace().getStatus(home + "/n"));
        assertThrows(ResourceDoesNotExist.class, () -> client.workspace().getStatus(home));
    }

    @Test
    void sourceImportNeedsALanguage() {
        BadRequest e = assertThrows(BadRequest.class, () -> client.workspace().importContent(new Import()
                .setPath(home + "/n").setFormat(ImportFormat.SOURCE).setContent(base64(SOURCE))));

        assertEquals("The language is required to import a notebook in SOURCE format", e.getMessage());
    }
}
