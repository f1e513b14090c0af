package io.lakebook.installer.command;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** One {@code lakebook} sub-command. */
public interface Command {

    /** The word that selects it: {@code lakebook NAME …}. */
    String name();

    /** The synopsis after the name, for usage text: {@code "NOTEBOOK.ipynb [--output FILE | --inplace]"}. */
    String synopsis();

    /** One line for {@code lakebook help}. */
    String summary();

    Options options();

    /**
     * Runs the command.
     *
     * @return the process exit status
     * @throws Exception a {@link io.lakebook.core.error.LakebookException} is shown as its message alone
     */
    int run(CommandLine line, Console console) throws Exception;
}
