package io.lakebook.goose.tool;

import io.lakebook.core.notebook.NotebookFormat;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code notebook_list}: the notebooks under a folder of the project. */
public final class NotebookListTool implements Tool {

    static final int MAX_LISTED = 200;
    private static final Set<String> SKIPPED = Set.of("node_modules", "target", "build", "__pycache__", "venv");

    private static final ToolSpec SPEC = new ToolSpec("notebook_list", "List notebooks",
            "Lists the notebooks (.ipynb, and Databricks source notebooks .py) in a folder of the project and its "
                    + "subfolders, with their size. Hidden folders, node_modules and build output are skipped.",
            Schema.object().string("path", false, "Folder to list, relative to the working directory; default: the "
                    + "working directory."),
            Annotations.READ_LOCAL);

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult call(Arguments args, CallContext context) throws IOException {
        Path folder = context.paths().resolve(args.optionalString("path").orElse("."));
        if (!Files.isDirectory(folder)) {
            throw new ToolFailure(context.paths().display(folder) + " is not a folder.");
        }
        List<String> lines = new ArrayList<>();
        int[] found = {0};
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean skip = !dir.equals(folder) && (name.startsWith(".") || SKIPPED.contains(name));
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && NotebookFormat.detect(file).isPresent() && found[0]++ < MAX_LISTED) {
                    lines.add(context.paths().display(file) + "  (" + attrs.size() + " bytes)");
                }
                return FileVisitResult.CONTINUE;
            }
        });
        if (lines.isEmpty()) {
            return ToolResult.text("No notebooks in " + context.paths().display(folder) + ". Make one with "
                    + "notebook_create.");
        }
        String more = found[0] > MAX_LISTED ? "\n… and " + (found[0] - MAX_LISTED) + " more; list a subfolder." : "";
        return ToolResult.text(found[0] + " notebook(s) in " + context.paths().display(folder) + ":\n"
                + String.join("\n", lines) + more);
    }
}
