package io.shadowcat.profiler.diff;

import io.shadowcat.profiler.analysis.Breakdown;
import io.shadowcat.profiler.analysis.Column;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One side of a diff: every column's {@link Distribution}, from a recording or a report document,
 * and the hot methods its report shows.
 *
 * @param label      what the side was read from, for headings
 * @param hotMethods share of execution samples by method, as in the side's report (empty without samples)
 */
public record Profile(String label, Map<String, Distribution> columns, Map<String, Double> hotMethods) {
    /** The profile of an analysed recording. */
    public static Profile of(Breakdown breakdown, Map<String, Double> hotMethods) {
        return new Profile(breakdown.recording(), Column.ALL.stream().collect(Collectors.toMap(Column::name,
                c -> new Distribution(breakdown.all().histogram(c), breakdown.all().summary(c).mean()))), hotMethods);
    }

    /** The column's distribution. */
    public Distribution column(Column column) {
        return columns.get(column.name());
    }
}
