package io.shadowcat.regression.verdict;

/** What a check concluded about one metric. */
public enum Status {
    /** Worse by at least the minimum effect, and beyond the noise after correction. */
    REGRESSED,
    /** Better by at least the minimum effect, and beyond the noise after correction. */
    IMPROVED,
    /** Within the noise or below the minimum effect. */
    UNCHANGED,
    /** Too little history for this metric to judge it. */
    NEW,
    /**
     * A statistic that rests on too few exchanges to be stable from run to run ({@code max}, or a
     * high percentile of a short run): shown, never judged, and left out of the correction.
     */
    UNJUDGED
}
