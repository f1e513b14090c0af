package io.lakebook.goose.tool;

import io.lakebook.core.notebook.Cell;
import io.lakebook.core.notebook.Notebook;
import io.lakebook.core.notebook.NotebookFiles;
import io.lakebook.core.notebook.NotebookFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Helpers the notebook tools share: finding the file, the common parameter texts, and the answer after a write. */
final class Notebooks {

    static final String PATH = "Notebook path (.ipynb, or a Databricks source notebook .py), relative to the working "
            + "directory; it must be inside the project.";
    static final String CELL_ID = "Id of the cell, as notebook_read shows it. Preferred over index: ids do not shift "
            + "when cells are inserted or deleted.";
    static final String INDEX = "0-based position of the cell; used only when cell_id is not given.";
    static final String EXPECTED_VERSION = "The version from your last notebook_read (or from the last write's "
            + "answer). The write is refused, and nothing changes, if the file changed since.";

    private Notebooks() {
    }

    /** The existing notebook {@code given} names, inside the project. */
    static Path existing(CallContext context, String given) throws IOException {
        Path file = context.paths().resolve(given);
        if (!Files.exists(file)) {
            throw new ToolFailure("No file at " + context.paths().display(file) + ". notebook_list shows the "
                    + "notebooks in the project; notebook_create makes a new one.");
        }
        if (Files.isDirectory(file) || NotebookFormat.detect(file).isEmpty()) {
            throw new ToolFailure(context.paths().display(file) + " is not a notebook: lakebook reads .ipynb files and "
                    + ".py files that start with '# Databricks notebook source'.");
        }
        return file;
    }

    static NotebookFiles.Snapshot read(CallContext context, String given) throws IOException {
        return NotebookFiles.read(existing(context, given));
    }

    /** A cell in one line for answers: {@code cell 'a1b2c3d4' (index 2, code)}. */
    static String describe(Notebook notebook, Cell cell) {
        return "cell '" + cell.id() + "' (index " + notebook.indexOf(cell) + ", " + cell.type().wireName() + ")";
    }

    /** The end of every write's answer: the version to send with the next write. */
    static String versionLine(String version) {
        return "New version: " + version + " (pass it as expected_version to your next change of this notebook).";
    }

    /** The structured part of a write's answer. */
    static com.fasterxml.jackson.databind.node.ObjectNode changedJson(String version, String what) {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("version", version)
                .put("changed", what);
    }

    /** A short quote of a source for messages. */
    static String quote(String source, int max) {
        String text = source.strip();
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
