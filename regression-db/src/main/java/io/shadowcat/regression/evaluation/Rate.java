package io.shadowcat.regression.evaluation;

import java.util.Locale;
import org.apache.commons.statistics.distribution.BetaDistribution;

/**
 * A count of successes among trials, with its exact (Clopper-Pearson) 95% confidence interval: an
 * evaluation of a few dozen runs cannot promise "at most 1%" on its point estimate alone, and the
 * interval says how far it can. Immutable.
 *
 * @param hits   how many trials had the property
 * @param trials how many trials there were
 */
public record Rate(int hits, int trials) {
    private static final double CONFIDENCE = 0.95;

    public Rate {
        if (trials < 0 || hits < 0 || hits > trials) {
            throw new IllegalArgumentException("need 0 <= hits <= trials, got " + hits + " of " + trials);
        }
    }

    /** The point estimate; NaN without trials. */
    public double value() {
        return trials == 0 ? Double.NaN : (double) hits / trials;
    }

    /** The lower end of the two-sided 95% Clopper-Pearson interval. */
    public double lower() {
        if (trials == 0) {
            return Double.NaN;
        }
        return hits == 0 ? 0 : BetaDistribution.of(hits, trials - hits + 1.0).inverseCumulativeProbability(
                (1 - CONFIDENCE) / 2);
    }

    /** The upper end of the two-sided 95% Clopper-Pearson interval. */
    public double upper() {
        if (trials == 0) {
            return Double.NaN;
        }
        return hits == trials ? 1 : BetaDistribution.of(hits + 1.0, trials - hits).inverseCumulativeProbability(
                1 - (1 - CONFIDENCE) / 2);
    }

    /** "3 of 40 = 7.5% (95% CI 1.6–20.4%)", or "no trials". */
    public String describe() {
        if (trials == 0) {
            return "no trials";
        }
        return String.format(Locale.ROOT, "%d of %d = %.1f%% (95%% CI %.1f–%.1f%%)", hits, trials, 100 * value(),
                100 * lower(), 100 * upper());
    }
}
