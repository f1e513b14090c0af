package io.lakebook.installer.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.core.error.LakebookException;
import io.lakebook.core.files.UserFiles;
import io.lakebook.installer.run.NotebookInput;
import io.lakebook.core.remote.RemoteSession;
import io.lakebook.core.remote.Session;
import io.lakebook.installer.UsageException;
import io.lakebook.installer.run.ConsoleProgress;
import io.lakebook.installer.run.NotebookRunner;
import io.lakebook.installer.run.Parameters;
import io.lakebook.installer.run.RunReport;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.OptionGroup;
import org.apache.commons.cli.Options;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code lakebook run}: executes a notebook ({@code .ipynb}, a Databricks source notebook or a {@code .py} script)
 * on the cluster without Jupyter and saves its outputs as an {@code .ipynb}.
 */
public final class RunCommand implements Command {


    /** What one run is asked to do. */
    record Request(Path notebook, Path output, Map<String, String> parameters, Optional<Path> report,
                   boolean allowErrors, boolean progressBar) {
    }

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String synopsis() {
        return "NOTEBOOK [--output FILE | --inplace] [-p NAME VALUE]... [--report FILE.md] [--allow-errors]";
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
                        .desc("write the outputs into the .ipynb itself (a .lakebook-backup copy is kept)").get());
        return new Options().addOptionGroup(target)
                .addOption(Option.builder("p").longOpt("parameter").numberOfArgs(2).argName("NAME VALUE")
                        .desc("set a parameter after the cell tagged 'parameters', as papermill does").get())
                .addOption(Option.builder().longOpt("report").hasArg().argName("FILE.md")
                        .desc("write a Markdown report of the run").get())
                .addOption(Option.builder().longOpt("allow-errors")
                        .desc("keep running the cells after one fails").get())
                .addOption(Option.builder().longOpt("no-progress")
                        .desc("print a line per cell instead of a progress bar").get())
                .addOption("h", "help", false, "show this help");
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        Request request = request(line, console);
        NotebookRunner.Result result = run(request, console.env(), request.notebook().getParent(), console);
        return result.failed() == 0 ? 0 : 1;
    }

    private static Request request(CommandLine line, Console console) {
        if (line.getArgList().size() != 1) {
            throw new UsageException("give exactly one notebook to run");
        }
        Path notebook = console.workingDirectory().resolve(line.getArgList().get(0)).toAbsolutePath().normalize();
        if (line.hasOption("inplace") && !NotebookInput.isIpynb(notebook)) {
            throw new UsageException("--inplace writes outputs into an .ipynb; for " + notebook.getFileName()
                    + " use --output FILE.ipynb");
        }
        Path output = line.hasOption("inplace") ? notebook : line.hasOption("output")
                ? console.workingDirectory().resolve(line.getOptionValue("output")) : executedName(notebook);
        return new Request(notebook, output, parameters(line), Optional.ofNullable(line.getOptionValue("report"))
                .map(console.workingDirectory()::resolve), line.hasOption("allow-errors"),
                !line.hasOption("no-progress"));
    }

    /** The demo's fallback: run with the given environment, stopping at the first failure, a line per cell. */
    static NotebookRunner.Result runNotebook(Path notebook, Path output, Map<String, String> env, Path workingDir,
                                             Console console) throws IOException, InterruptedException {
        return run(new Request(notebook, output, Map.of(), Optional.empty(), false, false), env, workingDir, console);
    }

    private static NotebookRunner.Result run(Request request, Map<String, String> env, Path workingDir,
                                             Console console) throws IOException, InterruptedException {
        ObjectNode content = NotebookInput.read(request.notebook());
        writable(request.output());
        request.report().ifPresent(RunCommand::writable);
        if (!Parameters.inject(content, request.parameters())) {
            console.err().println("lakebook run: no cell is tagged 'parameters' (or starts with '# parameters'), so the "
                    + "parameters were set in a new first cell; assignments in the notebook may override them.");
        }
        NotebookRunner.Result result;
        RunReport report;
        try (Session session = RemoteSession.open(workingDir, env);
             ConsoleProgress progress = ConsoleProgress.forCells(console, NotebookRunner.codeCells(content),
                     request.progressBar())) {
            // Ctrl-C or a kill must not leave the running command and its context on the cluster.
            Thread cleanUp = new Thread(session::close, "lakebook-run-stop");
            Runtime.getRuntime().addShutdownHook(cleanUp);
            report = new RunReport(request.notebook().toString(), session.info().host() + ", cluster "
                    + session.info().clusterId());
            try {
                result = new NotebookRunner(session, request.notebook().getParent(),
                        NotebookRunner.Listener.all(progress, report),
                        request.allowErrors()).run(content);
            } finally {
                removeHook(cleanUp);
            }
        }
        String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(content);
        UserFiles.write(request.output(), (json + "\n").getBytes(StandardCharsets.UTF_8));
        console.out().println("Wrote " + request.output() + ": " + result.cellsRun() + " cells run, "
                + result.failed() + " failed" + (result.stoppedEarly() ? " (stopped at the first failure; "
                + "--allow-errors runs on)" : ""));
        if (request.report().isPresent()) {
            UserFiles.write(request.report().get(), report.markdown(result).getBytes(StandardCharsets.UTF_8));
            console.out().println("Report: " + request.report().get());
        }
        return result;
    }

    /** Where the outputs go must take them: found out after an hour of cells, the outputs would be lost. */
    private static void writable(Path file) {
        try {
            UserFiles.checkWritable(file);
        } catch (IOException e) {
            throw new LakebookException(e.getMessage() + " Nothing was run; choose another place with --output "
                    + "FILE (and --report FILE).", e);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already stopping; the hook is running.
        }
    }

    private static Map<String, String> parameters(CommandLine line) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String[] values = line.getOptionValues("p");
        if (values == null) {
            return parameters;
        }
        for (int i = 0; i + 1 < values.length; i += 2) {
            Parameters.assignment(values[i], values[i + 1]);
            parameters.put(values[i], values[i + 1]);
        }
        return parameters;
    }

    private static Path executedName(Path notebook) {
        String name = notebook.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return notebook.resolveSibling(stem + ".executed.ipynb");
    }
}
