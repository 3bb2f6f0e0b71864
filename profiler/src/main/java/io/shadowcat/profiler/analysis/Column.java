package io.shadowcat.profiler.analysis;

import io.shadowcat.profiler.Stage;
import java.util.List;

/**
 * One column of a breakdown: a {@link Stage}, or one of the two figures derived from an exchange's
 * stages, {@link #UNATTRIBUTED} ({@code total} minus the sum of the other stages) and
 * {@link #OVERHEAD} ({@code total − upstream}, the proxy's own cost).
 *
 * @param name  the wire name used in reports and metric names
 * @param index the column's position in {@link #ALL}
 */
public record Column(String name, int index) {
    private static final Stage[] STAGES = Stage.values();

    /** Time inside {@code total} that no stage claims. */
    public static final Column UNATTRIBUTED = new Column("unattributed", STAGES.length);
    /** The proxy's own share of an exchange: {@code total − upstream}. */
    public static final Column OVERHEAD = new Column("overhead", STAGES.length + 1);
    /** Every column, stages first in request order, then unattributed and overhead. */
    public static final List<Column> ALL = all();
    /** The column of {@link Stage#TOTAL}. */
    public static final Column TOTAL = of(Stage.TOTAL);

    /** The column of {@code stage}. */
    public static Column of(Stage stage) {
        return new Column(stage.wireName(), stage.ordinal());
    }

    /** The column with wire name {@code name}, or {@code null}. */
    public static Column named(String name) {
        return ALL.stream().filter(c -> c.name.equals(name)).findFirst().orElse(null);
    }

    /** Whether this column is one of the disjoint parts of {@code total} (a stage other than total, or unattributed). */
    public boolean isPartOfTotal() {
        return index != TOTAL.index && index != OVERHEAD.index;
    }

    private static List<Column> all() {
        Column[] columns = new Column[STAGES.length + 2];
        for (Stage stage : STAGES) {
            columns[stage.ordinal()] = of(stage);
        }
        columns[UNATTRIBUTED.index] = UNATTRIBUTED;
        columns[OVERHEAD.index] = OVERHEAD;
        return List.of(columns);
    }
}
