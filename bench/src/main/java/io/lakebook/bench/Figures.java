package io.lakebook.bench;

import io.lakebook.bench.figures.CellRoundTrip;
import io.lakebook.bench.figures.GuardPlan;
import io.lakebook.bench.figures.IdleMemory;
import io.lakebook.bench.figures.KernelStart;
import io.lakebook.bench.figures.McpNotebookRead;
import io.lakebook.bench.figures.McpStart;
import io.lakebook.bench.figures.NotebookRun;
import io.lakebook.bench.figures.StatusPolls;
import io.lakebook.bench.figures.SyncCheck;
import io.lakebook.bench.figures.TableRender;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The figures of the report, in its order: the built-in ones, each replaced by a registered figure of its id. */
public final class Figures {

    private Figures() {
    }

    public static List<Figure> all() {
        List<Figure> figures = new ArrayList<>(List.of(new KernelStart(), new CellRoundTrip(), new NotebookRun(),
                new StatusPolls(), new IdleMemory(), new McpStart(), new McpNotebookRead(), new TableRender(),
                new SyncCheck(), new GuardPlan()));
        for (Figure registered : ServiceLoader.load(Figure.class)) {
            int same = indexOf(figures, registered.id());
            if (same >= 0) {
                figures.set(same, registered);
            } else {
                figures.add(registered);
            }
        }
        return figures;
    }

    private static int indexOf(List<Figure> figures, String id) {
        for (int i = 0; i < figures.size(); i++) {
            if (figures.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
