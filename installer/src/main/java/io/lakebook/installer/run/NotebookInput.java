package io.lakebook.installer.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.core.LargeJson;
import io.lakebook.core.error.LakebookException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Opens a notebook file of any kind lakebook runs as an nbformat 4 notebook, with a clear message when it cannot. */
public final class NotebookInput {

    private static final ObjectMapper JSON = LargeJson.mapper();

    private NotebookInput() {
    }

    /** Whether the file is a Jupyter notebook, as opposed to a source file read into one. */
    public static boolean isIpynb(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ipynb");
    }

    /**
     * Reads {@code file}: an {@code .ipynb} as it is (nbformat 4 only), anything else as a Databricks source
     * notebook or a script.
     *
     * @throws LakebookException naming the file, what is wrong with it and what to do
     */
    public static ObjectNode read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new LakebookException("No notebook at " + file + ". Check the path.");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return isIpynb(file) ? parseIpynb(file, text) : SourceConverter.toNotebook(text, file.getFileName()
                .toString());
    }

    private static ObjectNode parseIpynb(Path file, String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new LakebookException(file + " is not a notebook: its JSON is invalid at line "
                    + e.getLocation().getLineNr() + " (" + e.getOriginalMessage() + "). Nothing was run or changed.");
        }
        if (node == null || !node.isObject() || !node.path("cells").isArray()) {
            throw new LakebookException(file + " is not a notebook: it has no \"cells\" list. Nothing was run or "
                    + "changed.");
        }
        if (node.path("nbformat").asInt() != 4) {
            throw new LakebookException(file + " is an nbformat " + node.path("nbformat").asText("?")
                    + " notebook; lakebook reads nbformat 4. Convert it with `jupyter nbconvert --to notebook "
                    + file.getFileName() + "`.");
        }
        return (ObjectNode) node;
    }
}
