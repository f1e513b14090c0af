package io.lakebook.core.output;

/**
 * What one remote command produced, in a form neither Jupyter nor MCP: each front end renders these records in its
 * own format, so a cell shows the same thing whether a person or an agent ran it.
 */
public sealed interface Output permits TextOutput, ValueOutput, TableOutput, ImageOutput, ErrorOutput,
        ClearOutput {
}
