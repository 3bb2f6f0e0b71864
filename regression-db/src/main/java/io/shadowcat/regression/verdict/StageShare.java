package io.shadowcat.regression.verdict;

/**
 * How much one stage moved while an end-to-end metric regressed. Immutable.
 *
 * @param stage  the stage name ({@code policy}, {@code upstream}, ...)
 * @param metric the stage metric compared
 * @param delta  candidate minus baseline level, in the metric's unit
 * @param share  {@code delta} as a fraction of the end-to-end metric's delta
 * @param status the stage metric's own verdict
 */
public record StageShare(String stage, String metric, double delta, double share, Status status) {
    /** Whether this stage is one the change is attributed to. */
    public boolean moved() {
        return status == Status.REGRESSED || share >= Attribution.SHARE_THRESHOLD;
    }
}
