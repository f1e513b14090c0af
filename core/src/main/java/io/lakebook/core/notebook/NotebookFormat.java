package io.lakebook.core.notebook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a notebook is stored on disk. */
public enum NotebookFormat {
    /** Jupyter's JSON format, nbformat 4 (cell ids from 4.5). */
    IPYNB,
    /** A Databricks Python source notebook: a {@code .py} file starting {@value SourceNotebooks#HEADER}. */
    DATABRICKS_SOURCE;

    /** The format of an existing file, if it is a notebook lakebook can read. */
    public static Optional<NotebookFormat> detect(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".ipynb")) {
            return Optional.of(IPYNB);
        }
        if (name.endsWith(".py") && Files.isRegularFile(file) && startsWithHeader(file)) {
            return Optional.of(DATABRICKS_SOURCE);
        }
        return Optional.empty();
    }

    /** The format a new notebook gets from its file name: {@code .ipynb} or {@code .py}. */
    public static Optional<NotebookFormat> forNewFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".ipynb")) {
            return Optional.of(IPYNB);
        }
        return name.endsWith(".py") ? Optional.of(DATABRICKS_SOURCE) : Optional.empty();
    }

    private static boolean startsWithHeader(Path file) throws IOException {
        byte[] header = SourceNotebooks.HEADER.getBytes(StandardCharsets.UTF_8);
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(header.length), header);
        }
    }
}
