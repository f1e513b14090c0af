package io.lakebook.emulator.python;

import java.util.List;
import java.util.Map;

/**
 * What answers {@code spark.sql} for one Python process. Calls arrive on the driver protocol, never over the network,
 * so no other process can reach the engine this way.
 */
public interface SqlHandler {
    /** The answer line's fields: {@code columns} and {@code rows}, or {@code error}. */
    Map<String, Object> answer(String query, List<Map<String, Object>> args);

    /** Stops the query that is running, if any: the command that asked for it was cancelled. */
    void cancel();

    /** Frees what the handler holds; the process has ended. */
    void close();
}
