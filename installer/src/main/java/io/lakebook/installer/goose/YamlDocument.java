package io.lakebook.installer.goose;

import io.lakebook.core.error.LakebookException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.representer.StandardRepresenter;

/**
 * A YAML file whose top level is a mapping, edited as SnakeYAML Engine's node tree so that what lakebook does not
 * touch keeps its comments, order and quoting: only the values lakebook sets are replaced. Values go in and come out
 * as plain Java objects (maps, lists, strings, numbers, booleans). Not thread-safe.
 */
public final class YamlDocument {
    private static final DumpSettings DUMP = DumpSettings.builder().setDumpComments(true)
            .setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2).setWidth(4096).build();

    private final MappingNode root;
    private final String label;

    private YamlDocument(MappingNode root, String label) {
        this.root = root;
        this.label = label;
    }

    /**
     * Reads {@code text}; an empty text is an empty mapping.
     *
     * @param label the file's name, for messages
     * @throws InvalidYamlException when it is not YAML, or its top level is not a mapping
     */
    public static YamlDocument parse(String text, String label) {
        Optional<Node> node;
        try {
            node = new Compose(loadSettings(label)).composeString(text);
        } catch (YamlEngineException e) {
            throw new InvalidYamlException(label + " is not valid YAML: " + describe(e) + ".", e);
        }
        if (node.isEmpty() || isNull(node.get())) {
            return new YamlDocument(emptyMapping(), label);
        }
        if (!(node.get() instanceof MappingNode mapping)) {
            throw new InvalidYamlException(label + " is not valid as a configuration: its top level must be a "
                    + "mapping of keys to values, it is a " + node.get().getNodeType().name().toLowerCase() + ".");
        }
        refuseDuplicateKeys(mapping, label, new ArrayList<>());
        return new YamlDocument(mapping, label);
    }

    /**
     * A key twice in one mapping is refused, with both lines: Goose reads its configuration with serde_yaml, whose
     * mappings reject a repeated key ("duplicate entry with key", serde_yaml 0.9 src/mapping.rs), so Goose would not
     * start with such a file, and which of the two lakebook should change is anyone's guess.
     */
    private static void refuseDuplicateKeys(Node node, String label, List<String> path) {
        if (node instanceof MappingNode mapping) {
            java.util.Map<String, Integer> lines = new java.util.HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                    continue;
                }
                int line = key.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
                Integer first = lines.putIfAbsent(key.getValue(), line);
                List<String> at = new ArrayList<>(path);
                at.add(key.getValue());
                if (first != null) {
                    throw new InvalidYamlException(label + " has the key '" + String.join(".", at) + "' twice, at "
                            + "line " + first + " and line " + line + "; Goose refuses a file with a repeated key. "
                            + "Keep one of the two.");
                }
                refuseDuplicateKeys(tuple.getValueNode(), label, at);
            }
        } else if (node instanceof org.snakeyaml.engine.v2.nodes.SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                refuseDuplicateKeys(item, label, path);
            }
        }
    }

    /** The text to write: the edited tree, with the comments that were read. */
    public String text() {
        StringWriter writer = new StringWriter();
        new Dump(DUMP).dumpNode(root, new StreamDataWriter() {
            @Override
            public void write(String str) {
                writer.write(str);
            }

            @Override
            public void write(String str, int off, int len) {
                writer.write(str, off, len);
            }
        });
        return writer.toString();
    }

    public boolean isEmpty() {
        return root.getValue().isEmpty();
    }

    /** The whole document as plain objects, for comparing two versions by meaning. */
    public Object plain() {
        return plain(root);
    }

    /** The value at {@code path} (keys from the top), as a plain object; empty when absent. */
    public Optional<Object> get(List<String> path) {
        return node(path).map(YamlDocument::plain);
    }

    /**
     * Sets the value at {@code path}, creating the mappings on the way; a value that is already equal is left as it
     * is, comments and all.
     *
     * @return whether anything changed
     * @throws InvalidYamlException when a key on the way holds something other than a mapping
     */
    public boolean set(List<String> path, Object value) {
        MappingNode parent = parentCreating(path);
        String key = path.get(path.size() - 1);
        Node fresh = new StandardRepresenter(DUMP).represent(value);
        Optional<NodeTuple> existing = tuple(parent, key);
        if (existing.isPresent() && Objects.equals(plain(existing.get().getValueNode()), value)) {
            return false;
        }
        List<NodeTuple> tuples = parent.getValue();
        // A comment at the end of the line (GOOSE_PROVIDER: openai  # my provider) belongs to the line, not to the
        // value: it stays when the value changes, and again when uninstall puts the value back.
        existing.map(NodeTuple::getValueNode).filter(old -> old instanceof ScalarNode && fresh instanceof ScalarNode)
                .map(Node::getInLineComments).filter(comments -> comments != null && !comments.isEmpty())
                .ifPresent(fresh::setInLineComments);
        NodeTuple replacement = new NodeTuple(existing.map(NodeTuple::getKeyNode).orElseGet(() -> scalar(key)),
                fresh);
        if (existing.isPresent()) {
            tuples.set(tuples.indexOf(existing.get()), replacement);
        } else {
            tuples.add(replacement);
        }
        return true;
    }

    /** Removes the key at {@code path}; returns whether it was there. */
    public boolean remove(List<String> path) {
        Optional<MappingNode> parent = path.size() == 1 ? Optional.of(root)
                : node(path.subList(0, path.size() - 1)).filter(MappingNode.class::isInstance)
                        .map(MappingNode.class::cast);
        Optional<NodeTuple> tuple = parent.flatMap(p -> tuple(p, path.get(path.size() - 1)));
        tuple.ifPresent(t -> parent.get().getValue().remove(t));
        return tuple.isPresent();
    }

    private Optional<Node> node(List<String> path) {
        Node current = root;
        for (String key : path) {
            if (!(current instanceof MappingNode mapping)) {
                return Optional.empty();
            }
            Optional<NodeTuple> tuple = tuple(mapping, key);
            if (tuple.isEmpty()) {
                return Optional.empty();
            }
            current = tuple.get().getValueNode();
        }
        return Optional.of(current);
    }

    private MappingNode parentCreating(List<String> path) {
        MappingNode current = root;
        for (String key : path.subList(0, path.size() - 1)) {
            Optional<NodeTuple> tuple = tuple(current, key);
            if (tuple.isEmpty() || isNull(tuple.get().getValueNode())) {
                MappingNode created = emptyMapping();
                tuple.ifPresent(current.getValue()::remove);
                current.getValue().add(new NodeTuple(tuple.map(NodeTuple::getKeyNode).orElseGet(() -> scalar(key)),
                        created));
                current = created;
            } else if (tuple.get().getValueNode() instanceof MappingNode mapping) {
                current = mapping;
            } else {
                throw new InvalidYamlException("In " + label + ", '" + key + "' holds a "
                        + tuple.get().getValueNode().getNodeType().name().toLowerCase() + " where a mapping is "
                        + "expected. Fix that key (its Goose documentation shows the shape), then run lakebook again.");
            }
        }
        return current;
    }

    private static Optional<NodeTuple> tuple(MappingNode mapping, String key) {
        return mapping.getValue().stream().filter(t -> t.getKeyNode() instanceof ScalarNode scalar
                && scalar.getValue().equals(key)).findFirst();
    }

    private static Object plain(Node node) {
        return new StandardConstructor(loadSettings("value")).constructSingleDocument(Optional.of(node));
    }

    private static boolean isNull(Node node) {
        return node.getTag().equals(Tag.NULL);
    }

    private static MappingNode emptyMapping() {
        return new MappingNode(Tag.MAP, new ArrayList<>(), FlowStyle.BLOCK);
    }

    private static ScalarNode scalar(String value) {
        return (ScalarNode) new StandardRepresenter(DUMP).represent(value);
    }

    private static LoadSettings loadSettings(String label) {
        return LoadSettings.builder().setParseComments(true).setLabel(label).build();
    }

    private static String describe(YamlEngineException e) {
        if (e instanceof MarkedYamlEngineException marked && marked.getProblemMark().isPresent()) {
            return marked.getProblem() + " at line " + (marked.getProblemMark().get().getLine() + 1) + ", column "
                    + (marked.getProblemMark().get().getColumn() + 1);
        }
        return e.getMessage();
    }

    /** A YAML file lakebook cannot read or cannot edit; the message names the place and what to do. */
    public static final class InvalidYamlException extends LakebookException {
        InvalidYamlException(String message) {
            super(message);
        }

        InvalidYamlException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
