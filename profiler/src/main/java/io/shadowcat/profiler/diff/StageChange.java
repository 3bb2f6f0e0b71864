package io.shadowcat.profiler.diff;

/**
 * How one column moved between base and candidate: p50, p99 and mean changes with their intervals,
 * and, for parts of {@code total}, the share of the change in mean {@code total} this column accounts for.
 *
 * @param shareOfTotalChange this column's mean change divided by {@code total}'s, or {@code NaN} when
 *                           the column is not a part of total or total did not move
 */
public record StageChange(String column, long baseCount, long candidateCount, double baseP50, double candidateP50,
                          Interval p50, double baseP99, double candidateP99, Interval p99, double baseMean,
                          double candidateMean, Interval mean, double shareOfTotalChange) {
}
