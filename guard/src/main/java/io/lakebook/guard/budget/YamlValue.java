package io.lakebook.guard.budget;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** A node of the budgets file with its line and its path from the top, so every refusal can say where it is. */
final class YamlValue {
    private final Node node;
    private final String path;
    private final String file;

    YamlValue(Node node, String path, String file) {
        this.node = node;
        this.path = path;
        this.file = file;
    }

    int line() {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    }

    String file() {
        return file;
    }

    String path() {
        return path;
    }

    BudgetFileException error(String reason) {
        return new BudgetFileException(file, line(), path + " " + reason);
    }

    /** The entries of a mapping in file order; a key that is not allowed or appears twice is refused. */
    Map<String, YamlValue> map(Set<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            throw error("must be a mapping of keys to values");
        }
        Map<String, YamlValue> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            YamlValue key = new YamlValue(tuple.getKeyNode(), path, file);
            String name = key.text();
            String child = path.isEmpty() ? name : path + "." + name;
            if (allowed != null && !allowed.contains(name)) {
                throw new BudgetFileException(file, key.line(), "unknown key '" + child + "'; the keys here are "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
            if (entries.containsKey(name)) {
                throw new BudgetFileException(file, key.line(), "'" + child + "' appears twice; keep one");
            }
            entries.put(name, new YamlValue(tuple.getValueNode(), child, file));
        }
        return entries;
    }

    List<YamlValue> list() {
        if (!(node instanceof SequenceNode sequence)) {
            throw error("must be a list (lines starting with '- ')");
        }
        List<YamlValue> items = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            items.add(new YamlValue(sequence.getValue().get(i), path + "[" + (i + 1) + "]", file));
        }
        return items;
    }

    String text() {
        if (!(node instanceof ScalarNode scalar)) {
            throw error("must be a single value, not a list or mapping");
        }
        String value = scalar.getValue().trim();
        if (value.isEmpty()) {
            throw error("is empty; give it a value");
        }
        return value;
    }

    /** An amount of money: digits with an optional decimal point, zero or more. */
    BigDecimal amount() {
        String text = text();
        if (!text.matches("\\d+(\\.\\d+)?")) {
            throw error("must be an amount such as 12.50, got '" + text + "'");
        }
        return new BigDecimal(text);
    }

    int count() {
        String text = text();
        if (!text.matches("\\d{1,6}")) {
            throw error("must be a whole number, got '" + text + "'");
        }
        return Integer.parseInt(text);
    }

    static Optional<YamlValue> optional(Map<String, YamlValue> map, String key) {
        return Optional.ofNullable(map.get(key));
    }
}
