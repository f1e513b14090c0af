package io.lakebook.guard.cli;

import java.nio.file.Path;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.ParseException;

/**
 * The entry point of the guard's Databricks Job (a JAR task, {@code lakebook guard deploy}): runs one guard command
 * and fails the task by throwing when the run failed, since a JAR task must not end the JVM itself.
 */
public final class GuardJob {
    private GuardJob() {
    }

    public static void main(String[] args) throws ParseException {
        int status = new GuardCli(System.out, System.getenv(), Path.of("").toAbsolutePath())
                .run(new DefaultParser().parse(GuardCli.options(), args));
        if (status != 0) {
            throw new IllegalStateException("lakebook guard " + String.join(" ", args) + " failed; its output above "
                    + "says why");
        }
    }
}
