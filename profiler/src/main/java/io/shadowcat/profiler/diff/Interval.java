package io.shadowcat.profiler.diff;

/**
 * An estimate of a change (candidate − base, nanoseconds) with a 95% confidence interval.
 * {@link #significant()} when the interval excludes zero and there was enough data to trust it.
 *
 * @param enoughData {@code false} when a side has too few exchanges for the interval to hold its
 *                   coverage (e.g. a p99 from fewer than 200 exchanges); the interval is then shown
 *                   but never called significant
 */
public record Interval(double estimate, double low, double high, boolean enoughData) {
    /** Whether the interval excludes zero and can be trusted. */
    public boolean significant() {
        return enoughData && (low > 0 || high < 0);
    }
}
