package io.lakebook.installer.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.core.error.LakebookException;
import io.lakebook.core.files.UserFiles;
import io.lakebook.core.remote.Execution;
import io.lakebook.core.remote.RemoteSession;
import io.lakebook.core.remote.Session;
import io.lakebook.installer.UsageException;
import io.lakebook.installer.run.NotebookRunner;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.OptionGroup;
import org.apache.commons.cli.Options;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** {@code lakebook run}: executes a notebook on the cluster without Jupyter and saves its outputs. */
public final class RunCommand implements Command {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String synopsis() {
        return "NOTEBOOK.ipynb [--output FILE | --inplace] [--allow-errors]";
    }

    @Override
    public String summary() {
        return "Run a notebook's code cells on the cluster and save the outputs (exit status 1 if a cell failed).";
    }

    @Override
    public Options options() {
        OptionGroup target = new OptionGroup()
                .addOption(Option.builder().longOpt("output").hasArg().argName("FILE")
                        .desc("write the executed notebook here (default: NAME.executed.ipynb beside it)").get())
                .addOption(Option.builder().longOpt("inplace")
                        .desc("write the outputs into the notebook itself (a backup is kept)").get());
        return new Options().addOptionGroup(target)
                .addOption(Option.builder().longOpt("allow-errors")
                        .desc("keep running the cells after one fails").get())
                .addOption("h", "help", false, "show this help");
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        if (line.getArgList().size() != 1) {
            throw new UsageException("give exactly one notebook to run");
        }
        Path notebook = console.workingDirectory().resolve(line.getArgList().get(0)).toAbsolutePath().normalize();
        Path output = line.hasOption("inplace") ? notebook : line.hasOption("output")
                ? console.workingDirectory().resolve(line.getOptionValue("output")) : executedName(notebook);
        NotebookRunner.Result result = runNotebook(notebook, output, console.env(), notebook.getParent(), console,
                line.hasOption("allow-errors"));
        return result.failed() == 0 ? 0 : 1;
    }

    /** The demo's fallback: run with the given environment, stopping at the first failure. */
    static NotebookRunner.Result runNotebook(Path notebook, Path output, Map<String, String> env, Path workingDir,
                                             Console console) throws IOException, InterruptedException {
        return runNotebook(notebook, output, env, workingDir, console, false);
    }

    private static NotebookRunner.Result runNotebook(Path notebook, Path output, Map<String, String> env,
                                                     Path workingDir, Console console, boolean allowErrors)
            throws IOException, InterruptedException {
        ObjectNode content = read(notebook);
        NotebookRunner.Result result;
        try (Session session = RemoteSession.open(workingDir, env)) {
            result = new NotebookRunner(session, new ConsoleListener(console), allowErrors).run(content);
        }
        UserFiles.write(output, (JSON.writerWithDefaultPrettyPrinter().withDefaultPrettyPrinter()
                .writeValueAsString(content) + "\n").getBytes(StandardCharsets.UTF_8));
        console.out().println("Wrote " + output + ": " + result.cellsRun() + " cells run, " + result.failed()
                + " failed" + (result.stoppedEarly() ? " (stopped at the first failure; --allow-errors runs on)" : ""));
        return result;
    }

    static ObjectNode read(Path notebook) throws IOException {
        if (!Files.isRegularFile(notebook)) {
            throw new LakebookException("No notebook at " + notebook + ". Check the path.");
        }
        JsonNode node;
        try {
            node = JSON.readTree(notebook.toFile());
        } catch (JsonProcessingException e) {
            throw new LakebookException(notebook + " is not a notebook: its JSON is invalid at line "
                    + e.getLocation().getLineNr() + " (" + e.getOriginalMessage() + "). Nothing was run or changed.");
        }
        if (node == null || !node.isObject() || node.path("nbformat").asInt() != 4 || !node.path("cells").isArray()) {
            throw new LakebookException(notebook + " is not an nbformat 4 notebook (it needs \"nbformat\": 4 and a "
                    + "\"cells\" list). Convert older notebooks with `jupyter nbconvert --to notebook`.");
        }
        return (ObjectNode) node;
    }

    private static Path executedName(Path notebook) {
        String name = notebook.getFileName().toString();
        String stem = name.endsWith(".ipynb") ? name.substring(0, name.length() - ".ipynb".length()) : name;
        return notebook.resolveSibling(stem + ".executed.ipynb");
    }

    /** Prints each cell as it runs, and the cluster's progress while it starts. */
    private static final class ConsoleListener implements NotebookRunner.Listener {
        private final Console console;
        private String lastProgress = "";
        private long cellStarted;

        ConsoleListener(Console console) {
            this.console = console;
        }

        @Override
        public void cellStarted(int number, String firstLine) {
            cellStarted = System.nanoTime();
            console.out().println("[" + number + "] " + firstLine);
        }

        @Override
        public void cellFinished(int number, Execution execution) {
            long millis = (System.nanoTime() - cellStarted) / 1_000_000;
            String outcome = execution.error().map(e -> "failed: " + e.name() + ": " + e.message())
                    .orElse(execution.status() == Execution.Status.CANCELLED ? "cancelled" : "ok");
            console.out().printf("    %s (%.1f s)%n", outcome, millis / 1000.0);
        }

        @Override
        public void progress(String line) {
            String withoutSeconds = line.replaceAll(": \\d+ s$", "");
            if (!withoutSeconds.equals(lastProgress)) {
                lastProgress = withoutSeconds;
                console.err().println("    " + line);
            }
        }
    }
}
