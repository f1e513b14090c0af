package io.lakebook.bench.figures;

import io.lakebook.bench.Bench;
import io.lakebook.bench.Figure;
import io.lakebook.bench.report.Row;

import java.nio.file.Files;
import java.util.List;

/**
 * The budget guard's plan for 10,000 users on 3 endpoints, warehouse time excluded; target 2 s. This placeholder
 * stands in until a figure with the same id is registered (see {@link Figure}): it says whether the guard module is
 * missing from this build or only its figure is.
 */
public final class GuardPlan implements Figure {
    public static final String ID = "guard-plan";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Guard plan for 10,000 users on 3 endpoints";
    }

    @Override
    public List<Row> measure(Bench bench) {
        String measure = "plan for 10,000 users on 3 endpoints, warehouse time excluded (target ≤ 2 s)";
        boolean inBuild = Files.isRegularFile(bench.options().root().resolve("guard/pom.xml"));
        String why = inBuild
                ? "not measured yet: the guard module is in this build, but no benchmark figure measures it; add a "
                + "Figure with id `" + ID + "` to the bench module and list it in "
                + "META-INF/services/io.lakebook.bench.Figure"
                : "not measured yet: the guard module does not exist in this build";
        return List.of(Row.notMeasured(title(), measure, why));
    }
}
