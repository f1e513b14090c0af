package io.lakebook.core.notebook;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A notebook in memory: its cells in order and, for {@code .ipynb}, the rest of the document (metadata, nbformat
 * version) kept as read. Not thread-safe: {@link NotebookFiles} hands each change its own copy under a file lock.
 */
public final class Notebook {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final NotebookFormat format;
    private final ObjectNode document;
    private final List<Cell> cells;

    Notebook(NotebookFormat format, ObjectNode document, List<Cell> cells) {
        this.format = format;
        this.document = document;
        this.cells = new ArrayList<>(cells);
    }

    /** Reads a notebook from its file content. */
    public static Notebook parse(byte[] content, NotebookFormat format) {
        return format == NotebookFormat.IPYNB ? Ipynb.parse(content) : SourceNotebooks.parse(content);
    }

    /** A notebook with no cells, as a new file of {@code format}. */
    public static Notebook empty(NotebookFormat format) {
        return format == NotebookFormat.IPYNB ? Ipynb.empty() : new Notebook(format, null, List.of());
    }

    /** The file content: nbformat 4.5 JSON as Jupyter writes it, or a Databricks source notebook. */
    public byte[] toBytes() {
        return format == NotebookFormat.IPYNB ? Ipynb.write(document, cells) : SourceNotebooks.write(cells);
    }

    public NotebookFormat format() {
        return format;
    }

    /** False for source notebooks, which have no place for outputs or execution counts. */
    public boolean storesOutputs() {
        return format == NotebookFormat.IPYNB;
    }

    /** The kernel's language as the notebook records it, {@code python} when it does not say. */
    public String language() {
        if (document == null) {
            return "python";
        }
        String name = document.path("metadata").path("language_info").path("name").asText("");
        return name.isBlank() ? document.path("metadata").path("kernelspec").path("language").asText("python") : name;
    }

    /** The cells, in order; the list is a copy, the cells are live. */
    public List<Cell> cells() {
        return List.copyOf(cells);
    }

    public int size() {
        return cells.size();
    }

    public int indexOf(Cell cell) {
        return cells.indexOf(cell);
    }

    /**
     * The cell {@code ref} names.
     *
     * @throws NotebookException naming the cell, and the ids or the range there are, when it does not exist
     */
    public Cell cell(CellRef ref) {
        if (ref.id().isPresent()) {
            String id = ref.id().get();
            return cells.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow(() -> new NotebookException(
                    "No cell has id '" + id + "'. The notebook's cell ids are: " + idList()
                    + ". Read the notebook again to see its current cells."));
        }
        int index = ref.index().orElseThrow(() -> new NotebookException("Name a cell: give cell_id (or index)."));
        checkIndex(index, cells.size() - 1);
        return cells.get(index);
    }

    /** Inserts a new cell with a fresh id at {@code index} (0 to size) and returns it. */
    public Cell insert(int index, CellType type, String source) {
        checkIndex(index, cells.size());
        Cell cell = Cell.create(freshId(), type, source);
        cells.add(index, cell);
        return cell;
    }

    public void remove(Cell cell) {
        cells.remove(cell);
    }

    /** Moves {@code cell} so that it ends up at {@code index} (0 to size - 1). */
    public void move(Cell cell, int index) {
        checkIndex(index, cells.size() - 1);
        cells.remove(cell);
        cells.add(index, cell);
    }

    private void checkIndex(int index, int max) {
        if (index < 0 || index > max) {
            throw new NotebookException("Index " + index + " is out of range: the notebook has " + cells.size()
                    + " cells, so use 0 to " + max + ".");
        }
    }

    private String idList() {
        if (cells.isEmpty()) {
            return "(none, the notebook is empty)";
        }
        String ids = cells.stream().limit(40).map(Cell::id).collect(Collectors.joining(", "));
        return cells.size() > 40 ? ids + ", …" : ids;
    }

    /** A random id of 8 hex digits, as Jupyter makes them, unique in this notebook. */
    String freshId() {
        Set<String> taken = cells.stream().map(Cell::id).collect(Collectors.toSet());
        while (true) {
            byte[] bytes = new byte[4];
            RANDOM.nextBytes(bytes);
            String id = HexFormat.of().formatHex(bytes);
            if (!taken.contains(id)) {
                return id;
            }
        }
    }
}
