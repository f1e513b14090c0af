package io.lakebook.contract.checks;

import com.databricks.sdk.service.compute.Command;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.Language;
import io.lakebook.contract.Differed;
import io.lakebook.contract.Target;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/** Sends Python commands through the SDK and polls them briskly, so checks take seconds rather than the waiter's. */
final class Commands {

    static final Duration COMMAND_LIMIT = Duration.ofMinutes(3);
    private static final Set<CommandStatus> ENDED = EnumSet.of(CommandStatus.FINISHED, CommandStatus.ERROR,
            CommandStatus.CANCELLED);

    private Commands() {
    }

    static String send(Target target, String context, String code) {
        return target.workspace().commandExecution().execute(new Command().setClusterId(target.runningCluster())
                .setContextId(context).setLanguage(Language.PYTHON).setCommand(code)).getResponse().getId();
    }

    static CommandStatusResponse status(Target target, String context, String command) {
        return target.workspace().commandExecution().commandStatus(target.runningCluster(), context, command);
    }

    /** Runs {@code code} in the shared context to its end. */
    static CommandStatusResponse run(Target target, String code) throws Exception {
        String context = target.context();
        return await(target, context, send(target, context, code));
    }

    static CommandStatusResponse await(Target target, String context, String command) throws InterruptedException {
        long deadline = System.nanoTime() + COMMAND_LIMIT.toNanos();
        long pause = 50;
        CommandStatusResponse response = status(target, context, command);
        while (!ENDED.contains(response.getStatus())) {
            if (System.nanoTime() > deadline) {
                throw new Differed("command " + command + " did not end within " + COMMAND_LIMIT.toMinutes()
                        + " min; last status " + response.getStatus());
            }
            Thread.sleep(pause);
            pause = Math.min(1000, pause * 2);
            response = status(target, context, command);
        }
        return response;
    }
}
