package io.shadowcat.profiler.analysis;

/**
 * The distribution of one column over a group of exchanges. Durations are nanoseconds; quantiles come
 * from an HdrHistogram (so they are exact to its precision), while {@code sum}, {@code mean} and
 * {@code max} are exact.
 *
 * @param share this column's part of the group's summed {@code total}, 0..1 (may be negative for
 *              {@code unattributed} if stages overlapped)
 */
public record ColumnSummary(String column, long count, long p50, long p90, long p99, long p999, long max,
                            double mean, long sum, double share) {
}
