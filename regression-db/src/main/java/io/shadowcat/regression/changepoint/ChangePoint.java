package io.shadowcat.regression.changepoint;

/**
 * A point in a series where its distribution changed: values from {@code index} on differ from
 * those before. Immutable.
 *
 * @param index   the first index of the new level
 * @param before  median of the segment before
 * @param after   median of the segment after
 * @param pValue  permutation p-value of the split
 */
public record ChangePoint(int index, double before, double after, double pValue) {
    /** The relative change of level, {@code after / before - 1}. */
    public double change() {
        return after / before - 1;
    }
}
