package io.lakebook.goose;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakebook.core.Logs;
import io.lakebook.core.remote.RemoteSession;
import io.lakebook.goose.rpc.LineChannel;
import io.lakebook.goose.run.Contexts;
import io.lakebook.goose.run.Runs;
import io.lakebook.goose.tool.CatalogListTool;
import io.lakebook.goose.tool.CellDeleteTool;
import io.lakebook.goose.tool.CellEditTool;
import io.lakebook.goose.tool.CellInsertTool;
import io.lakebook.goose.tool.CellMoveTool;
import io.lakebook.goose.tool.CellReadTool;
import io.lakebook.goose.tool.ClusterStartTool;
import io.lakebook.goose.tool.ClusterStatusTool;
import io.lakebook.goose.tool.CodeRunTool;
import io.lakebook.goose.tool.ContextRestartTool;
import io.lakebook.goose.tool.NotebookCreateTool;
import io.lakebook.goose.tool.NotebookListTool;
import io.lakebook.goose.tool.NotebookReadTool;
import io.lakebook.goose.tool.NotebookRunTool;
import io.lakebook.goose.tool.OutputsClearTool;
import io.lakebook.goose.tool.ProjectPaths;
import io.lakebook.goose.tool.RunCancelTool;
import io.lakebook.goose.tool.RunPollTool;
import io.lakebook.goose.tool.SqlCancelTool;
import io.lakebook.goose.tool.SqlPollTool;
import io.lakebook.goose.tool.SqlRunTool;
import io.lakebook.goose.tool.TableDescribeTool;
import io.lakebook.goose.tool.TableSampleTool;
import io.lakebook.goose.tool.Tool;
import io.lakebook.goose.tool.Workbench;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code lakebook mcp}: the MCP server on stdio, as Goose starts an extension. Standard output carries protocol
 * messages and nothing else; everything else, logs included, goes to standard error, which Goose shows when an
 * extension fails to start.
 */
public final class GooseMain {

    /** Overrides the project root; by default it is Goose's working directory, else the server's. */
    public static final String ENV_PROJECT_ROOT = "LAKEBOOK_PROJECT_ROOT";
    private static final String AGENT_WORKING_DIR = "agent-working-dir";

    private GooseMain() {
    }

    public static void main(String[] args) {
        io.lakebook.core.config.UserHome.adoptForJvm();
        Logs.keepSecretsOut();
        System.exit(run());
    }

    /** Serves on this process's stdin and stdout until stdin closes; returns the exit status. */
    public static int run() {
        // Anything printed by a library must not reach the client, so stdout becomes stderr for everyone but us.
        OutputStream protocol = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        System.setProperty("java.awt.headless", "true");
        return serve(System.in, protocol, System.getenv(), Path.of("").toAbsolutePath());
    }

    /** Serves on the given streams; for tests and for {@link #run()}. */
    public static int serve(InputStream in, OutputStream out, Map<String, String> env, Path workingDirectory) {
        Logger log = LoggerFactory.getLogger(GooseMain.class);
        Runs runs = new Runs(new Contexts(dir -> RemoteSession.open(dir, env)));
        Workbench workbench = new Workbench(runs, env);
        McpServer server = new McpServer(new LineChannel(in, out), tools(workbench), paths(env, workingDirectory));
        try {
            server.serve();
            return 0;
        } catch (IOException e) {
            log.error("lakebook mcp: reading from the client failed: {}", e.toString());
            return 1;
        } finally {
            runs.close();
        }
    }

    static List<Tool> tools(Workbench workbench) {
        return List.of(new NotebookListTool(), new NotebookReadTool(), new NotebookCreateTool(), new CellReadTool(),
                new CellInsertTool(), new CellEditTool(), new CellDeleteTool(), new CellMoveTool(),
                new OutputsClearTool(), new NotebookRunTool(workbench), new CodeRunTool(workbench),
                new RunPollTool(workbench), new RunCancelTool(workbench), new ContextRestartTool(workbench),
                new ClusterStatusTool(workbench), new ClusterStartTool(workbench), new SqlRunTool(workbench),
                new SqlPollTool(workbench), new SqlCancelTool(workbench), new CatalogListTool(workbench),
                new TableDescribeTool(workbench), new TableSampleTool(workbench));
    }

    /**
     * The project root is {@value #ENV_PROJECT_ROOT} when set; otherwise Goose's {@code agent-working-dir} when the
     * call carries it; otherwise the directory the server started in. Relative paths start from Goose's working
     * directory when it is sent.
     */
    static ToolCalls.PathPolicy paths(Map<String, String> env, Path workingDirectory) {
        String configured = env.get(ENV_PROJECT_ROOT);
        return meta -> {
            Path agentDir = agentDirectory(meta);
            Path root = configured != null && !configured.isBlank() ? Path.of(configured)
                    : agentDir != null ? agentDir : workingDirectory;
            return new ProjectPaths(root, agentDir != null ? agentDir : root);
        };
    }

    private static Path agentDirectory(JsonNode meta) {
        JsonNode dir = meta.get(AGENT_WORKING_DIR);
        if (dir == null || !dir.isTextual() || dir.asText().isBlank()) {
            return null;
        }
        Path path = Path.of(dir.asText());
        return path.isAbsolute() && Files.isDirectory(path) ? path : null;
    }
}
