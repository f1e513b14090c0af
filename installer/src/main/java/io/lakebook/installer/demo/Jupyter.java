package io.lakebook.installer.demo;

import io.lakebook.core.error.LakebookException;
import io.lakebook.installer.command.Console;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs Jupyter's own command-line tools. */
public final class Jupyter {

    private Jupyter() {
    }

    /** Whether {@code jupyter nbconvert} can run here. */
    public static boolean hasNbconvert(Map<String, String> env) {
        try {
            Process process = start(List.of("jupyter", "nbconvert", "--version"), env, true);
            process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Executes {@code notebook} with the {@code databricks} kernel and saves it with its outputs at {@code output}.
     * Debian's {@code jupyter execute} runs a notebook but saves nothing, so nbconvert's executor is used.
     */
    public static void nbconvertExecute(Path notebook, Path output, Map<String, String> env, Console console)
            throws IOException, InterruptedException {
        List<String> command = List.of("jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=databricks", "--ExecutePreprocessor.timeout=600",
                "--allow-errors", "--output-dir", output.getParent().toString(), "--output",
                output.getFileName().toString(), notebook.toString());
        Process process = start(command, env, false);
        process.getInputStream().transferTo(console.out());
        if (process.waitFor() != 0) {
            throw new LakebookException("jupyter nbconvert failed (exit " + process.exitValue() + "); its messages "
                    + "are above.");
        }
    }

    private static Process start(List<String> command, Map<String, String> env, boolean quiet) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (!quiet) {
            builder.redirectError(ProcessBuilder.Redirect.INHERIT).redirectErrorStream(false);
        }
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder.start();
    }
}
