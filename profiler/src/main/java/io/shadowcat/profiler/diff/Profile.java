package io.shadowcat.profiler.diff;

import io.shadowcat.profiler.analysis.Breakdown;
import io.shadowcat.profiler.analysis.Column;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One side of a diff: every column's {@link Distribution}, from a recording or a report document.
 *
 * @param label what the side was read from, for headings
 */
public record Profile(String label, Map<String, Distribution> columns) {
    /** The profile of an analysed recording. */
    public static Profile of(Breakdown breakdown) {
        return new Profile(breakdown.recording(), Column.ALL.stream().collect(Collectors.toMap(Column::name,
                c -> new Distribution(breakdown.all().histogram(c), breakdown.all().summary(c).mean()))));
    }

    /** The column's distribution. */
    public Distribution column(Column column) {
        return columns.get(column.name());
    }
}
