package io.shadowcat.regression.verdict;

import java.util.Arrays;

/**
 * Robust location and scale: the median and the median absolute deviation, which a single wild
 * run in the history cannot drag. Stateless.
 */
public final class Robust {
    /** Makes the MAD a consistent estimator of the standard deviation for normal data. */
    public static final double MAD_TO_SIGMA = 1.482602218505602;

    private Robust() {
    }

    public static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("the median of nothing");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** The raw median absolute deviation from the median (not scaled). */
    public static double mad(double[] values) {
        double median = median(values);
        double[] deviations = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            deviations[i] = Math.abs(values[i] - median);
        }
        return median(deviations);
    }

    /** The MAD scaled to estimate a standard deviation. */
    public static double sigma(double[] values) {
        return MAD_TO_SIGMA * mad(values);
    }
}
