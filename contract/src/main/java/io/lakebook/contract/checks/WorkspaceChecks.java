package io.lakebook.contract.checks;

import com.databricks.sdk.core.error.platform.ResourceAlreadyExists;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.workspace.ExportFormat;
import com.databricks.sdk.service.workspace.ExportRequest;
import com.databricks.sdk.service.workspace.ExportResponse;
import com.databricks.sdk.service.workspace.Import;
import com.databricks.sdk.service.workspace.ImportFormat;
import com.databricks.sdk.service.workspace.Language;
import com.databricks.sdk.service.workspace.ObjectInfo;
import com.databricks.sdk.service.workspace.ObjectType;
import io.lakebook.contract.Check;
import io.lakebook.contract.Expect;
import io.lakebook.contract.Source;
import io.lakebook.contract.Target;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Workspace API 2.0 in the scratch folder: import, export, status, listing. */
final class WorkspaceChecks {

    private static final String AREA = "workspace";
    private static final String SOURCE = "# Databricks notebook source\nprint('lakebook selftest')\n\n"
            + "# COMMAND ----------\n\nx = 1\n";

    private WorkspaceChecks() {
    }

    static List<Check> checks() {
        return List.of(
                new Check(AREA, "mkdirs makes a folder that get-status reports as DIRECTORY",
                        Source.documented(Docs.api("workspace/mkdirs")), WorkspaceChecks::folderIsDirectory),
                new Check(AREA, "a SOURCE import is a PYTHON notebook, and SOURCE export gives the source back",
                        Source.documented(Docs.api("workspace/export")),
                        WorkspaceChecks::sourceRoundTrip),
                new Check(AREA, "an AUTO import of a .py notebook drops the extension",
                        Source.documented(Docs.api("workspace/import")),
                        WorkspaceChecks::autoImportDropsExtension),
                new Check(AREA, "an import over an existing path without overwrite is RESOURCE_ALREADY_EXISTS",
                        Source.documented(Docs.api("workspace/import")), WorkspaceChecks::importOverExistingRefused),
                new Check(AREA, "get-status of a missing path is RESOURCE_DOES_NOT_EXIST naming the path",
                        Source.documented(Docs.api("workspace/getstatus")),
                        WorkspaceChecks::missingPathDoesNotExist),
                new Check(AREA, "an import into a missing folder is RESOURCE_DOES_NOT_EXIST",
                        Source.unstated(Docs.api("workspace/import")),
                        WorkspaceChecks::missingParentRefused),
                new Check(AREA, "list shows the folder's notebooks", Source.documented(Docs.api("workspace/list")),
                        WorkspaceChecks::listShowsNotebooks));
    }

    private static Import source(String path) {
        return new Import().setPath(path).setFormat(ImportFormat.SOURCE).setLanguage(Language.PYTHON)
                .setContent(Base64.getEncoder().encodeToString(SOURCE.getBytes(StandardCharsets.UTF_8)));
    }

    private static void folderIsDirectory(Target target) {
        ObjectInfo folder = target.workspace().workspace().getStatus(target.scratchFolder());
        Expect.equal(ObjectType.DIRECTORY, folder.getObjectType(), "object_type");
        Expect.equal(target.scratchFolder(), folder.getPath(), "path");
    }

    private static void sourceRoundTrip(Target target) {
        String path = target.scratchFolder() + "/source-notebook";
        target.workspace().workspace().importContent(source(path).setOverwrite(true));
        ObjectInfo notebook = target.workspace().workspace().getStatus(path);
        Expect.equal(ObjectType.NOTEBOOK, notebook.getObjectType(), "object_type");
        Expect.equal(Language.PYTHON, notebook.getLanguage(), "language");
        ExportResponse exported = target.workspace().workspace().export(new ExportRequest().setPath(path)
                .setFormat(ExportFormat.SOURCE));
        String text = new String(Base64.getDecoder().decode(Expect.present(exported.getContent(), "content")),
                StandardCharsets.UTF_8);
        Expect.that(text.startsWith("# Databricks notebook source"), "exported source starts with the header: \""
                + text + "\"");
        Expect.that(text.contains("print('lakebook selftest')") && text.contains("# COMMAND ----------"),
                "exported source holds both cells: \"" + text + "\"");
    }

    private static void autoImportDropsExtension(Target target) {
        String path = target.scratchFolder() + "/auto-notebook";
        target.workspace().workspace().importContent(source(path + ".py").setFormat(ImportFormat.AUTO)
                .setLanguage(null).setOverwrite(true));
        Expect.equal(ObjectType.NOTEBOOK, target.workspace().workspace().getStatus(path).getObjectType(),
                "object_type at " + path);
        Expect.fails(ResourceDoesNotExist.class, () -> target.workspace().workspace().getStatus(path + ".py"),
                "get-status of " + path + ".py");
    }

    private static void importOverExistingRefused(Target target) {
        String path = target.scratchFolder() + "/existing-notebook";
        target.workspace().workspace().importContent(source(path));
        ResourceAlreadyExists e = Expect.fails(ResourceAlreadyExists.class,
                () -> { target.workspace().workspace().importContent(source(path)); return null; },
                "a second import to " + path);
        Expect.equal("RESOURCE_ALREADY_EXISTS", e.getErrorCode(), "error_code");
    }

    private static void missingPathDoesNotExist(Target target) {
        String path = target.scratchFolder() + "/absent";
        ResourceDoesNotExist e = Expect.fails(ResourceDoesNotExist.class,
                () -> target.workspace().workspace().getStatus(path), "get-status of " + path);
        Expect.that(String.valueOf(e.getMessage()).contains(path), "the message names the path: " + e.getMessage());
    }

    private static void missingParentRefused(Target target) {
        String path = target.scratchFolder() + "/absent-folder/notebook";
        Expect.fails(ResourceDoesNotExist.class,
                () -> { target.workspace().workspace().importContent(source(path)); return null; },
                "import to " + path);
    }

    private static void listShowsNotebooks(Target target) {
        String path = target.scratchFolder() + "/listed-notebook";
        target.workspace().workspace().importContent(source(path).setOverwrite(true));
        List<String> paths = new ArrayList<>();
        target.workspace().workspace().list(target.scratchFolder()).forEach(o -> paths.add(o.getPath()));
        Expect.that(paths.contains(path), path + " is not among " + paths);
    }
}
