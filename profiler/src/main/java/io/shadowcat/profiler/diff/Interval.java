package io.shadowcat.profiler.diff;

/**
 * An estimate of a change (candidate − base, nanoseconds) with a 95% confidence interval.
 * {@link #significant()} when the interval excludes zero.
 */
public record Interval(double estimate, double low, double high) {
    /** Whether the interval excludes zero. */
    public boolean significant() {
        return low > 0 || high < 0;
    }
}
