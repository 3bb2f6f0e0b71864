package io.shadowcat.regression.verdict;

/**
 * How much one stage moved while an end-to-end metric regressed. Immutable.
 *
 * @param stage  the stage name ({@code policy}, {@code upstream}, ...)
 * @param metric the stage metric compared
 * @param delta  candidate minus baseline level, in the metric's unit
 * @param share  {@code delta} as a fraction of the end-to-end metric's delta
 * @param status the stage metric's own verdict
 * @param pNoise the stage metric's own one-sided p-value against its history's noise, in the direction it moved,
 *               before any correction (NaN if it was not tested)
 */
public record StageShare(String stage, String metric, double delta, double share, Status status, double pNoise) {
    /**
     * Below this, a stage's own move is beyond its history's noise. Uncorrected on purpose: the end-to-end
     * regression is already established (corrected); this only tells which of its parts moved.
     */
    public static final double MOVED_P = 0.05;

    /**
     * Whether this stage is one the change is attributed to: it regressed on its own, or it carries at least
     * {@link Attribution#SHARE_THRESHOLD} of the change and its own move is beyond its noise. A stage whose
     * reading drifted within its usual spread is "unchanged", however large its share of a small change.
     */
    public boolean moved() {
        return status == Status.REGRESSED || (share >= Attribution.SHARE_THRESHOLD && pNoise <= MOVED_P);
    }
}
