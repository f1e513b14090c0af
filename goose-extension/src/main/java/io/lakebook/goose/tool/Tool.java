package io.lakebook.goose.tool;

/**
 * One MCP tool. Implementations are stateless or thread-safe: calls run concurrently, each on its own thread.
 */
public interface Tool {

    ToolSpec spec();

    /**
     * Does the call.
     *
     * @throws Exception a {@link io.lakebook.core.error.LakebookException} (and an {@link java.io.IOException}) becomes
     *                   an {@code isError} result carrying its message; anything else is reported as a lakebook fault
     */
    ToolResult call(Arguments args, CallContext context) throws Exception;
}
