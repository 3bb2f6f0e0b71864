package io.shadowcat.regression.verdict;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Holm's step-down correction of p-values for a family of tests. It controls the family-wise
 * error rate (the chance of even one false alarm in a suite run) under any dependence between
 * the tests, which is what a CI gate promises: a suite of 40 metrics alarms no more often than
 * one of 4. It is uniformly more powerful than Bonferroni. Benjamini-Hochberg would control only
 * the expected share of false alarms among alarms, so under partial nulls a large suite would
 * alarm more often, and it needs positive dependence to be valid. Stateless.
 */
public final class Holm {
    private Holm() {
    }

    /** Adjusted p-values, in the input order; NaN entries (no test) are left out of the family. */
    public static double[] adjust(double[] pValues) {
        Integer[] order = new Integer[pValues.length];
        int tests = 0;
        for (int i = 0; i < pValues.length; i++) {
            order[i] = i;
            if (!Double.isNaN(pValues[i])) {
                tests++;
            }
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> Double.isNaN(pValues[i]) ? 2 : pValues[i]));
        double[] adjusted = new double[pValues.length];
        Arrays.fill(adjusted, Double.NaN);
        double running = 0;
        for (int rank = 0; rank < tests; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1, (tests - rank) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
