package io.lakebook.installer.command;

import io.lakebook.goose.GooseMain;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code lakebook mcp}: the MCP server Goose starts as the {@code lakebook} extension, on stdin and stdout. */
public final class McpCommand implements Command {

    @Override
    public String name() {
        return "mcp";
    }

    @Override
    public String synopsis() {
        return "";
    }

    @Override
    public String summary() {
        return "Serve notebooks and the cluster to Goose over MCP on stdio (Goose starts this as an extension).";
    }

    @Override
    public Options options() {
        return new Options().addOption("h", "help", false, "show this help");
    }

    @Override
    public int run(CommandLine line, Console console) {
        return GooseMain.run();
    }
}
