package io.lakebook.contract.checks;

import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.service.compute.CancelCommand;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.ContextStatus;
import com.databricks.sdk.service.compute.ResultType;
import com.databricks.sdk.service.compute.Results;
import io.lakebook.contract.Check;
import io.lakebook.contract.Differed;
import io.lakebook.contract.Expect;
import io.lakebook.contract.Source;
import io.lakebook.contract.Target;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Command Execution API 1.2 (reference §2), through the SDK: what the kernel and the MCP server read from a cluster.
 */
final class CommandChecks {

    private static final String AREA = "commands";
    private static final String PNG = "\u0089PNG";

    private CommandChecks() {
    }

    static List<Check> checks() {
        return List.of(
                new Check(AREA, "create().get() returns a Running context, and its status says Running",
                        Source.documented(Docs.api("commandexecution/create")), CommandChecks::contextRuns),
                new Check(AREA, "a last expression comes back as text with an Out[n]: prefix",
                        Source.documented(Docs.GO_SDK + "service/compute/ext_results.go"),
                        CommandChecks::expressionHasOutPrefix),
                new Check(AREA, "printed text comes back as a text result",
                        Source.documented(Docs.api("commandexecution/commandstatus")), CommandChecks::printedText),
                new Check(AREA, "a context keeps its variables between commands",
                        Source.documented(Docs.api("commandexecution/create")), CommandChecks::stateIsKept),
                new Check(AREA, "a user's exception is status Finished with resultType error, summary and cause",
                        Source.documented(Docs.GO_SDK + "service/compute/ext_commands_test.go"),
                        CommandChecks::errorIsFinished),
                new Check(AREA, "display of a DataFrame is a table with a JSON schema; numbers stay numbers",
                        Source.documented(Docs.api("commandexecution/commandstatus")), CommandChecks::displayIsTable),
                new Check(AREA, "display of a plot is an image: a PNG data URL or a /plots/ file in DBFS",
                        Source.documented(Docs.JAVA_SDK + "service/compute/Results.java"),
                        CommandChecks::displayIsImage),
                new Check(AREA, "cancel ends a running command Cancelled, through Cancelling only",
                        Source.documented(Docs.JAVA_SDK + "service/compute/CommandExecutionAPI.java"),
                        CommandChecks::cancelEndsCancelled),
                new Check(AREA, "a command on a destroyed context is refused with a message naming the context",
                        Source.unstated(Docs.api("commandexecution/destroy")), CommandChecks::destroyedContextRefuses));
    }

    private static void contextRuns(Target target) throws Exception {
        String context = target.context();
        Expect.equal(ContextStatus.RUNNING, target.workspace().commandExecution()
                .contextStatus(target.runningCluster(), context).getStatus(), "contexts/status of " + context);
    }

    private static Results finishedText(CommandStatusResponse response) {
        Expect.equal(CommandStatus.FINISHED, response.getStatus(), "status");
        Results results = Expect.present(response.getResults(), "results of a Finished command");
        Expect.equal(ResultType.TEXT, results.getResultType(), "resultType (summary: " + results.getSummary() + ")");
        return results;
    }

    private static void expressionHasOutPrefix(Target target) throws Exception {
        String data = String.valueOf(finishedText(Commands.run(target, "6 * 7")).getData());
        Expect.that(data.matches("Out\\[\\s*\\d+\\s*\\]: 42"), "data: expected Out[n]: 42, got \"" + data + "\"");
        target.note("data \"" + data + "\"");
    }

    private static void printedText(Target target) throws Exception {
        Object data = finishedText(Commands.run(target, "print('lakebook selftest')")).getData();
        Expect.equal("lakebook selftest", String.valueOf(data).strip(), "data");
    }

    private static void stateIsKept(Target target) throws Exception {
        finishedText(Commands.run(target, "selftest_value = 41"));
        String data = String.valueOf(finishedText(Commands.run(target, "selftest_value + 1")).getData());
        Expect.that(data.endsWith(": 42"), "data of selftest_value + 1: \"" + data + "\"");
    }

    private static void errorIsFinished(Target target) throws Exception {
        CommandStatusResponse response = Commands.run(target, "raise ValueError('lakebook selftest')");
        Expect.equal(CommandStatus.FINISHED, response.getStatus(), "status of a command that raised");
        Results results = Expect.present(response.getResults(), "results");
        Expect.equal(ResultType.ERROR, results.getResultType(), "resultType");
        String summary = String.valueOf(results.getSummary()).replaceAll("<[^>]*>", "");
        Expect.that(summary.contains("ValueError"), "summary names the exception: \"" + summary + "\"");
        Expect.that(String.valueOf(results.getCause()).contains("ValueError"), "cause holds the traceback: \""
                + results.getCause() + "\"");
    }

    private static void displayIsTable(Target target) throws Exception {
        CommandStatusResponse response = Commands.run(target, "import pandas as pd\n"
                + "display(pd.DataFrame({'id': [1, 2], 'name': ['a', 'b']}))");
        Expect.equal(CommandStatus.FINISHED, response.getStatus(), "status");
        Results results = Expect.present(response.getResults(), "results");
        Expect.equal(ResultType.TABLE, results.getResultType(), "resultType (summary: " + results.getSummary() + ")");
        Expect.equal(List.of(List.of(1, "a"), List.of(2, "b")), results.getData(), "data rows");
        List<Object> names = new ArrayList<>();
        Expect.present(results.getSchema(), "schema").forEach(column -> names.add(column.get("name")));
        Expect.equal(List.of("id", "name"), names, "schema names");
        target.note("schema " + results.getSchema());
        Expect.equal(Boolean.TRUE, results.getIsJsonSchema(), "isJsonSchema");
    }

    private static void displayIsImage(Target target) throws Exception {
        CommandStatusResponse response = Commands.run(target, "import matplotlib\nmatplotlib.use('Agg')\n"
                + "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.plot([1, 2, 3], [3, 1, 2])\n"
                + "display(fig)");
        Expect.equal(CommandStatus.FINISHED, response.getStatus(), "status");
        Results results = Expect.present(response.getResults(), "results");
        String file;
        if (results.getResultType() == ResultType.IMAGES) {
            file = Expect.present(results.getFileNames(), "fileNames").iterator().next();
        } else {
            Expect.equal(ResultType.IMAGE, results.getResultType(), "resultType (data: " + results.getData() + ")");
            file = Expect.present(results.getFileName(), "fileName");
        }
        target.note(file.startsWith("data:") ? "a PNG data URL" : "the file " + file);
        Expect.that(PNG.equals(new String(png(target, file), 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1)),
                "the image is a PNG: " + file.substring(0, Math.min(60, file.length())));
    }

    private static byte[] png(Target target, String file) throws java.io.IOException {
        String dataUrl = "data:image/png;base64,";
        if (file.startsWith(dataUrl)) {
            return Base64.getDecoder().decode(file.substring(dataUrl.length()));
        }
        Expect.that(file.startsWith("/plots/"), "fileName is a PNG data URL or /plots/<id>.png, got " + file);
        return target.workspace().dbfs().readAllBytes(Path.of("/FileStore" + file));
    }

    private static void cancelEndsCancelled(Target target) throws Exception {
        String context = target.context();
        String command = Commands.send(target, context, "import time\ntime.sleep(120)");
        List<CommandStatus> seen = new ArrayList<>();
        CommandStatus status = Commands.status(target, context, command).getStatus();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (status == CommandStatus.QUEUED && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = Commands.status(target, context, command).getStatus();
        }
        Expect.equal(CommandStatus.RUNNING, status, "status of a sleeping command");
        target.workspace().commandExecution().cancel(new CancelCommand().setClusterId(target.runningCluster())
                .setContextId(context).setCommandId(command));
        while (status != CommandStatus.CANCELLED && System.nanoTime() < deadline) {
            status = Commands.status(target, context, command).getStatus();
            if (seen.isEmpty() || seen.get(seen.size() - 1) != status) {
                seen.add(status);
            }
            Thread.sleep(50);
        }
        Expect.equal(CommandStatus.CANCELLED, status, "status after cancel (seen " + seen + ")");
        Expect.that(seen.stream().allMatch(s -> s == CommandStatus.RUNNING || s == CommandStatus.CANCELLING
                || s == CommandStatus.CANCELLED), "states after cancel: only Running, Cancelling, Cancelled; saw "
                + seen);
        target.note("states after cancel: " + seen);
        String after = String.valueOf(finishedText(Commands.run(target, "1 + 1")).getData());
        Expect.that(after.endsWith(": 2"), "the context runs the next command: \"" + after + "\"");
    }

    private static void destroyedContextRefuses(Target target) throws Exception {
        String context = target.newContext();
        target.destroyContext(context);
        try {
            String command = Commands.send(target, context, "1 + 1");
            CommandStatusResponse response = Commands.await(target, context, command);
            throw new Differed("the command was accepted and ended " + response.getStatus() + " with "
                    + (response.getResults() == null ? "no results" : response.getResults().getResultType()));
        } catch (DatabricksException e) {
            String message = String.valueOf(e.getMessage());
            Expect.that(message.toLowerCase(Locale.ROOT).contains("context"), "lakebook recognises a lost context "
                    + "by the word 'context' in the error; got " + e.getClass().getSimpleName() + ": " + message);
            Expect.that(message.contains(context), "the refusal names the context " + context + "; got "
                    + e.getClass().getSimpleName() + ": " + message);
            target.note(e.getClass().getSimpleName() + ": " + message);
        }
    }
}
