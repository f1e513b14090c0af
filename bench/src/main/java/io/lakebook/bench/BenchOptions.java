package io.lakebook.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How the suite runs.
 *
 * @param quick  a few repetitions of everything, to show that every figure can be produced (CI); figures from a
 *               quick run say nothing about speed
 * @param repeat a factor on the full run's repetitions: 2 doubles them, 0.5 halves them
 * @param only   the figure ids to run; empty for all
 * @param output the report to write
 * @param jar    lakebook's shaded jar, started as users start it; empty to start lakebook from the class path
 * @param root   the repository, for the notebooks and npm packages the suite uses
 */
public record BenchOptions(boolean quick, double repeat, Set<String> only, Path output, Optional<Path> jar,
                           Path root) {

    static final String USAGE = "usage: bench [--quick] [--repeat FACTOR] [--only ID,ID…] [--output FILE] "
            + "[--jar lakebook.jar] [--root REPOSITORY]";

    public BenchOptions {
        if (!(repeat > 0)) {
            throw new IllegalArgumentException("--repeat must be a positive factor, such as 0.5 or 2; got " + repeat);
        }
        only = Set.copyOf(only);
    }

    /** Parses the command line; throws {@link IllegalArgumentException} with the usage when it is wrong. */
    public static BenchOptions parse(String[] args) {
        boolean quick = false;
        double repeat = 1;
        Set<String> only = Set.of();
        Path root = Path.of("").toAbsolutePath();
        Path output = null;
        Optional<Path> jar = Optional.empty();
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            switch (option) {
                case "--quick" -> quick = true;
                case "--repeat" -> repeat = number(option, value(option, rest));
                case "--only" -> only = Set.of(value(option, rest).split(","));
                case "--output" -> output = Path.of(value(option, rest)).toAbsolutePath();
                case "--jar" -> jar = Optional.of(Path.of(value(option, rest)).toAbsolutePath());
                case "--root" -> root = Path.of(value(option, rest)).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        return new BenchOptions(quick, repeat, only, output == null ? root.resolve("docs/benchmarks.md") : output,
                jar, root);
    }

    /** The repetitions of a measurement: {@code full} scaled by {@link #repeat}, or {@code quick} in a quick run. */
    public int repetitions(int full, int quick) {
        return this.quick ? quick : Math.max(1, (int) Math.round(full * repeat));
    }

    public boolean selected(String id) {
        return only.isEmpty() || only.contains(id);
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return rest.remove(0);
    }

    private static double number(String option, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, got '" + text + "'\n" + USAGE);
        }
    }
}
