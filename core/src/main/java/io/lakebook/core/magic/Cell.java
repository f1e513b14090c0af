package io.lakebook.core.magic;

import java.util.List;

/** What a cell asks for, once its magic (if any) is read. */
public sealed interface Cell {

    /** Python code to run on the cluster, as typed or as a magic translates it. */
    record Remote(String code) implements Cell {
    }

    /** Markdown rendered by the notebook itself ({@code %md}); nothing runs on the cluster. */
    record Markdown(String text) implements Cell {
    }

    /** Another local notebook's code cells, run one by one in this notebook's context ({@code %run}). */
    record RunNotebook(String path) implements Cell {
    }

    /** A {@code %lakebook} command about the session itself. */
    record Lakebook(List<String> arguments) implements Cell {
        public Lakebook {
            arguments = List.copyOf(arguments);
        }
    }
}
