package io.lakebook.bench.report;

import java.util.Objects;
import java.util.Optional;

/**
 * One line of the report: what lakebook measured, the peer measured in the same run when there is one, and the
 * target. A row without measurement says why, in {@link #note}.
 *
 * @param figure   the figure's title, the same on each of its rows
 * @param measure  what this row measures, within the figure
 * @param lakebook lakebook's samples; empty when the figure could not be measured in this build
 * @param peer     the peer's name and samples, when the target is a ratio or a comparison helps
 * @param target   the target; empty for rows that only inform
 * @param note     what the reader should know about the row: how it was measured, or why it was not
 * @param ifMissed the cause and the fix, shown only when the target is missed
 */
public record Row(String figure, String measure, Optional<Samples> lakebook, Optional<Peer> peer,
                  Optional<Target> target, String note, String ifMissed) {

    public Row {
        Objects.requireNonNull(figure, "figure");
        Objects.requireNonNull(measure, "measure");
        note = note == null ? "" : note;
        ifMissed = ifMissed == null ? "" : ifMissed;
    }

    /** A peer of lakebook in the same run. */
    public record Peer(String name, Samples samples) {
    }

    public enum Verdict { MET, MISSED, INFORMATION, NOT_MEASURED }

    public static Row measured(String figure, String measure, Samples lakebook, Peer peer, Target target) {
        return new Row(figure, measure, Optional.of(lakebook), Optional.ofNullable(peer), Optional.ofNullable(target),
                "", "");
    }

    public static Row notMeasured(String figure, String measure, String why) {
        return new Row(figure, measure, Optional.empty(), Optional.empty(), Optional.empty(), why, "");
    }

    public Row withNote(String text) {
        return new Row(figure, measure, lakebook, peer, target, text, ifMissed);
    }

    public Row ifMissed(String causeAndFix) {
        return new Row(figure, measure, lakebook, peer, target, note, causeAndFix);
    }

    public Optional<Double> ratio() {
        return lakebook.flatMap(ours -> peer.map(p -> ours.median() / p.samples().median()));
    }

    public Verdict verdict() {
        if (lakebook.isEmpty()) {
            return Verdict.NOT_MEASURED;
        }
        if (target.isEmpty()) {
            return Verdict.INFORMATION;
        }
        return target.get().metBy(lakebook.get(), peer.map(Peer::samples)) ? Verdict.MET : Verdict.MISSED;
    }
}
