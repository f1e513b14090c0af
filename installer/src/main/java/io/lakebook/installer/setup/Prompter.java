package io.lakebook.installer.setup;

import io.lakebook.installer.command.Console;
import io.lakebook.installer.workspace.Candidate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Asks the person at the terminal to pick from a numbered list; Enter (or the end of input) takes the default. */
public final class Prompter {
    private final BufferedReader in;
    private final PrintStream out;

    public Prompter(Console console) {
        this.in = new BufferedReader(new InputStreamReader(console.in(), StandardCharsets.UTF_8));
        this.out = console.out();
    }

    /**
     * Lists {@code candidates} under {@code title} and returns the one chosen by its number.
     *
     * @param defaultIndex the candidate Enter takes
     */
    public Candidate choose(String title, List<Candidate> candidates, int defaultIndex) {
        out.println(title + ":");
        for (int i = 0; i < candidates.size(); i++) {
            out.printf("  %2d) %s%s%n", i + 1, candidates.get(i).label(), i == defaultIndex ? "  [default]" : "");
        }
        while (true) {
            out.print("Choose 1-" + candidates.size() + " [" + (defaultIndex + 1) + "]: ");
            out.flush();
            String answer = readLine();
            if (answer == null || answer.isBlank()) {
                return candidates.get(defaultIndex);
            }
            try {
                int number = Integer.parseInt(answer.strip());
                if (number >= 1 && number <= candidates.size()) {
                    return candidates.get(number - 1);
                }
            } catch (NumberFormatException e) {
                // Not a number: said below, then asked again.
            }
            out.println("Type a number from 1 to " + candidates.size() + ", or press Enter for "
                    + (defaultIndex + 1) + ".");
        }
    }

    /** Prints a line of explanation before a question. */
    public void say(String text) {
        out.println(text);
    }

    /** Asks for a line of text; Enter (or the end of input) takes {@code suggestion}. */
    public String ask(String question, String suggestion) {
        out.print(question + " [" + suggestion + "]: ");
        out.flush();
        String answer = readLine();
        return answer == null || answer.isBlank() ? suggestion : answer.strip();
    }

    /** Asks a yes-or-no question; Enter (or the end of input) takes {@code yes}. */
    public boolean confirm(String question, boolean yes) {
        while (true) {
            out.print(question + (yes ? " [Y/n]: " : " [y/N]: "));
            out.flush();
            String answer = readLine();
            if (answer == null || answer.isBlank()) {
                return yes;
            }
            String word = answer.strip().toLowerCase(java.util.Locale.ROOT);
            if (word.equals("y") || word.equals("yes")) {
                return true;
            }
            if (word.equals("n") || word.equals("no")) {
                return false;
            }
            out.println("Type y or n, or press Enter for " + (yes ? "y" : "n") + ".");
        }
    }

    private String readLine() {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the answer from the terminal", e);
        }
    }
}
