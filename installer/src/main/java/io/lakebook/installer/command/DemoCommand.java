package io.lakebook.installer.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.emulator.Emulator;
import io.lakebook.installer.Launcher;
import io.lakebook.installer.demo.Jupyter;
import io.lakebook.installer.demo.NotebookCheck;
import io.lakebook.installer.demo.NotebookCheck.CellReport;
import io.lakebook.installer.kernelspec.KernelSpec;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code lakebook demo}: runs the getting-started notebook on an emulated workspace, through Jupyter's own client
 * when Jupyter is installed, and checks every cell. It changes nothing of the user's: the emulator, the kernel spec
 * and the Jupyter settings all live in a new temporary folder.
 */
public final class DemoCommand implements Command {

    private static final String SAMPLE = "/notebooks/getting-started.ipynb";

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String synopsis() {
        return "[--notebook FILE] [--start-delay SECONDS] [--python PATH] [--no-jupyter]";
    }

    @Override
    public String summary() {
        return "Run the getting-started notebook on a local emulated Databricks workspace and check every cell.";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("notebook").hasArg().argName("FILE")
                        .desc("run this notebook instead of the getting-started sample").get())
                .addOption(Option.builder().longOpt("start-delay").hasArg().argName("SECONDS")
                        .desc("how long the emulated cluster takes to start (default: 3)").get())
                .addOption(Option.builder().longOpt("python").hasArg().argName("PATH")
                        .desc("Python 3 for the emulated cluster (default: /usr/bin/python3, else python3)").get())
                .addOption(Option.builder().longOpt("no-jupyter")
                        .desc("run with `lakebook run` even when Jupyter is installed").get())
                .addOption("h", "help", false, "show this help");
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        long started = System.nanoTime();
        Path work = Files.createTempDirectory("lakebook-demo-");
        Path notebook = copyNotebook(line, console, work);
        try (Emulator emulator = EmulatorCommand.configure(line).build()) {
            emulator.start();
            console.out().println("Emulated Databricks workspace at " + emulator.host() + ", cluster "
                    + emulator.defaultClusterId() + " (TERMINATED; the first cell starts it).");
            Path executed = work.resolve("executed").resolve(notebook.getFileName());
            Files.createDirectories(executed.getParent());
            Map<String, String> env = childEnvironment(console.env(), emulator, work);
            boolean viaJupyter = !line.hasOption("no-jupyter") && Jupyter.hasNbconvert(env);
            if (viaJupyter) {
                console.out().println("Running " + notebook.getFileName() + " through Jupyter (jupyter nbconvert "
                        + "--execute) with the Databricks kernel...");
                KernelSpec.install(work.resolve("jupyter"), Launcher.command());
                Jupyter.nbconvertExecute(notebook, executed, env, console);
            } else {
                console.out().println(line.hasOption("no-jupyter") ? "Running with `lakebook run` (--no-jupyter)..."
                        : "Jupyter is not installed (no `jupyter nbconvert` found), so the notebook runs with "
                        + "`lakebook run` instead...");
                RunCommand.runNotebook(notebook, executed, env, work, console);
            }
            return report(executed, started, console);
        }
    }

    private static Path copyNotebook(CommandLine line, Console console, Path work) throws IOException {
        if (line.hasOption("notebook")) {
            Path source = console.workingDirectory().resolve(line.getOptionValue("notebook"));
            if (!Files.isRegularFile(source)) {
                throw new io.lakebook.installer.UsageException("no notebook at " + source);
            }
            return Files.copy(source, work.resolve(source.getFileName()));
        }
        try (InputStream sample = DemoCommand.class.getResourceAsStream(SAMPLE)) {
            if (sample == null) {
                throw new IllegalStateException("the sample notebook is missing from lakebook's jar; rebuild it");
            }
            Path target = work.resolve("getting-started.ipynb");
            Files.copy(sample, target);
            return target;
        }
    }

    /**
     * The environment of the processes the demo starts: Jupyter's directories inside the demo folder, and the
     * emulator as the only workspace, with every other Databricks setting of the user's left out.
     */
    static Map<String, String> childEnvironment(Map<String, String> parent, Emulator emulator, Path work) {
        Map<String, String> env = new HashMap<>(parent);
        env.keySet().removeIf(key -> key.startsWith("DATABRICKS_") || key.startsWith("JUPYTER_"));
        env.put("DATABRICKS_HOST", emulator.host());
        env.put("DATABRICKS_TOKEN", emulator.token());
        env.put("DATABRICKS_CLUSTER_ID", emulator.defaultClusterId());
        env.put("DATABRICKS_CONFIG_FILE", work.resolve("databrickscfg").toString());
        env.put("JUPYTER_PATH", work.resolve("jupyter").toString());
        env.put("JUPYTER_DATA_DIR", work.resolve("jupyter-data").toString());
        env.put("JUPYTER_RUNTIME_DIR", work.resolve("jupyter-runtime").toString());
        env.put("JUPYTER_CONFIG_DIR", work.resolve("jupyter-config").toString());
        env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        // The emulator, in this process, already logs each cluster step and command; the kernel need not repeat it.
        env.put("LAKEBOOK_LOG_LEVEL", "warn");
        return env;
    }

    private static int report(Path executed, long started, Console console) throws IOException {
        if (!Files.isRegularFile(executed)) {
            console.err().println("lakebook demo: no executed notebook was written; see the messages above.");
            return 1;
        }
        JsonNode notebook = new ObjectMapper().readTree(executed.toFile());
        List<CellReport> cells = NotebookCheck.check(notebook);
        for (CellReport cell : cells) {
            console.out().printf("  cell %d  %-4s %-36s %s%n", cell.number(), cell.ok() ? "ok" : "FAIL",
                    String.join(", ", cell.outputTypes()), cell.firstLine());
            cell.problems().forEach(problem -> console.out().println("          " + problem));
        }
        long failed = cells.stream().filter(cell -> !cell.ok()).count();
        double seconds = Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0;
        console.out().println("Executed notebook: " + executed);
        console.out().printf("%d cells, %d errors, %.1f s%n", cells.size(), failed, seconds);
        return failed == 0 && !cells.isEmpty() ? 0 : 1;
    }
}
