package io.shadowcat.regression.verdict;

import org.apache.commons.statistics.distribution.TDistribution;

/**
 * How far a new run may stray from its history by chance. The history's median is the level, its
 * MAD (scaled to a standard deviation) the noise; a candidate's distance from the level, in
 * noise units and widened for a prediction ({@code sqrt(1 + 1/n)}), is referred to Student's t
 * with {@code n - 1} degrees of freedom, which is honest about how little a short history knows.
 * The noise has a floor of {@link #RELATIVE_FLOOR} of the level, so a history of identical
 * numbers does not make every difference "significant". Immutable.
 */
public final class NoiseModel {
    /** The least noise assumed, as a fraction of the level. */
    public static final double RELATIVE_FLOOR = 0.001;

    private final double level;
    private final double sigma;
    private final int runs;

    private NoiseModel(double level, double sigma, int runs) {
        this.level = level;
        this.sigma = sigma;
        this.runs = runs;
    }

    /** The model of a history of at least two values. */
    public static NoiseModel of(double[] history) {
        if (history.length < 2) {
            throw new IllegalArgumentException("a noise model needs at least two runs, got " + history.length);
        }
        double level = Robust.median(history);
        double sigma = Math.max(Robust.sigma(history), RELATIVE_FLOOR * Math.abs(level));
        if (sigma == 0) {
            sigma = Double.MIN_NORMAL;
        }
        return new NoiseModel(level, sigma, history.length);
    }

    public double level() {
        return level;
    }

    public double sigma() {
        return sigma;
    }

    /** The candidate's distance above the level in prediction-standard-errors. */
    public double score(double candidate) {
        return (candidate - level) / (sigma * Math.sqrt(1.0 + 1.0 / runs));
    }

    /** One-sided p-value that a run from this history lands at {@code candidate} or higher. */
    public double pAbove(double candidate) {
        return TDistribution.of(runs - 1).survivalProbability(score(candidate));
    }

    /** One-sided p-value that a run from this history lands at {@code candidate} or lower. */
    public double pBelow(double candidate) {
        return TDistribution.of(runs - 1).cumulativeProbability(score(candidate));
    }
}
