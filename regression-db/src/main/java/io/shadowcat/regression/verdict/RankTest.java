package io.shadowcat.regression.verdict;

import java.util.OptionalDouble;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.MannWhitneyUTest;

/**
 * The Mann-Whitney U test between a candidate's trials and the baseline's, one-sided: "are the
 * candidate's trials larger?". Exact p-values for small samples without ties, the normal
 * approximation with continuity correction otherwise (Commons Statistics' defaults). Stateless.
 */
public final class RankTest {
    private static final MannWhitneyUTest GREATER = MannWhitneyUTest.withDefaults()
            .with(AlternativeHypothesis.GREATER_THAN);
    private static final MannWhitneyUTest LESS = MannWhitneyUTest.withDefaults()
            .with(AlternativeHypothesis.LESS_THAN);

    private RankTest() {
    }

    /** p-value of "candidate trials are stochastically greater than baseline trials". */
    public static double pGreater(double[] candidate, double[] baseline) {
        return GREATER.test(candidate, baseline).getPValue();
    }

    /** p-value of "candidate trials are stochastically smaller than baseline trials". */
    public static double pLess(double[] candidate, double[] baseline) {
        return LESS.test(candidate, baseline).getPValue();
    }

    /**
     * The smallest one-sided p-value the test can give for these sample sizes,
     * {@code 1 / C(m + n, m)}: with 3 and 3 trials it is 0.05, so such a test can never reach a
     * 1% level and is not worth asking.
     */
    public static double smallestP(int m, int n) {
        double combinations = 1;
        for (int i = 1; i <= Math.min(m, n); i++) {
            combinations = combinations * (m + n - Math.min(m, n) + i) / i;
        }
        return 1 / combinations;
    }

    /** The one-sided p-value for "worse", or empty when the samples cannot decide at {@code alpha}. */
    public static OptionalDouble pWorse(double[] candidate, double[] baseline, boolean higherIsWorse, double alpha) {
        if (candidate.length < 2 || baseline.length < 2 || smallestP(candidate.length, baseline.length) > alpha) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(higherIsWorse ? pGreater(candidate, baseline) : pLess(candidate, baseline));
    }
}
