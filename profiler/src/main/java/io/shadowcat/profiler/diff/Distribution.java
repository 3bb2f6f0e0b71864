package io.shadowcat.profiler.diff;

import org.HdrHistogram.AbstractHistogram;

/**
 * One column's distribution on one side of a diff: its histogram (nanoseconds) and its exact mean,
 * which, unlike quantiles, add up across stages. Immutable by convention: the histogram must not be
 * modified.
 */
public record Distribution(AbstractHistogram histogram, double mean) {
    /** How many exchanges the distribution covers. */
    public long count() {
        return histogram.getTotalCount();
    }
}
