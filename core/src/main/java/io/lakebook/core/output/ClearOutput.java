package io.lakebook.core.output;

import java.util.ArrayList;
import java.util.List;

/**
 * The code asked to clear what its cell had shown so far ({@code IPython.display.clear_output}), as progress displays
 * do. Front ends drop the cell's earlier outputs; with {@code wait}, only once the next output arrives.
 */
public record ClearOutput(boolean waitForNext) implements Output {

    /**
     * What a notebook shows once a cell is done: outputs before a clear are gone, except that a clear waiting for
     * the next output keeps them when nothing follows it, as Jupyter does. The clears themselves are removed.
     */
    public static List<Output> applied(List<Output> outputs) {
        List<Output> visible = new ArrayList<>();
        boolean pendingClear = false;
        for (Output output : outputs) {
            if (output instanceof ClearOutput clear) {
                if (clear.waitForNext()) {
                    pendingClear = true;
                } else {
                    visible.clear();
                    pendingClear = false;
                }
                continue;
            }
            if (pendingClear) {
                visible.clear();
                pendingClear = false;
            }
            visible.add(output);
        }
        return visible;
    }
}
