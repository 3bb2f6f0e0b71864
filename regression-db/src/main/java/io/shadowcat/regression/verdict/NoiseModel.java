package io.shadowcat.regression.verdict;

import org.apache.commons.statistics.distribution.TDistribution;

/**
 * How far a new run may stray from its history by chance. The history's median is the level, its
 * MAD (scaled to a standard deviation) the noise; a candidate's distance from the level, in
 * noise units and widened for a prediction ({@code sqrt(1 + 1/n)}), is referred to Student's t
 * with {@code n - 1} degrees of freedom, which is honest about how little a short history knows.
 * The noise has a floor of {@link #RELATIVE_FLOOR} of the level, so a history of identical
 * numbers does not make every difference "significant".
 *
 * <p>{@link #logScale} does the same on the logarithms of the values: latencies and throughputs
 * vary by factors (a busy machine makes every stage some percent slower), and their run-to-run
 * spread is skewed to the slow side; on the log scale the spread is near symmetric, so the MAD
 * describes both tails. Immutable.
 */
public final class NoiseModel {
    /** The least noise assumed, as a fraction of the level. */
    public static final double RELATIVE_FLOOR = 0.001;

    private final double level;
    private final double center;
    private final double sigma;
    private final int runs;
    private final boolean log;

    private NoiseModel(double level, double center, double sigma, int runs, boolean log) {
        this.level = level;
        this.center = center;
        this.sigma = sigma;
        this.runs = runs;
        this.log = log;
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
        return new NoiseModel(level, level, sigma, history.length, false);
    }

    /**
     * The model of a history of at least two positive values, on the log scale: the noise is a
     * factor ({@link #sigma()} is the standard deviation of the logarithms, floored at
     * {@link #RELATIVE_FLOOR}), and a candidate is scored by its log ratio to the level.
     */
    public static NoiseModel logScale(double[] history) {
        if (history.length < 2) {
            throw new IllegalArgumentException("a noise model needs at least two runs, got " + history.length);
        }
        double[] logs = new double[history.length];
        for (int i = 0; i < history.length; i++) {
            if (!(history[i] > 0)) {
                throw new IllegalArgumentException("a log-scale noise model needs positive values, got " + history[i]);
            }
            logs[i] = Math.log(history[i]);
        }
        double sigma = Math.max(Robust.sigma(logs), RELATIVE_FLOOR);
        return new NoiseModel(Robust.median(history), Robust.median(logs), sigma, history.length, true);
    }

    /** Whether the model works on the logarithms of the values. */
    public boolean isLogScale() {
        return log;
    }

    public double level() {
        return level;
    }

    public double sigma() {
        return sigma;
    }

    /**
     * The candidate's distance above the level in prediction-standard-errors (on the log scale,
     * its log ratio to the level; a candidate of zero or less is then infinitely far below).
     */
    public double score(double candidate) {
        double distance;
        if (log) {
            distance = candidate > 0 ? Math.log(candidate) - center : Double.NEGATIVE_INFINITY;
        } else {
            distance = candidate - center;
        }
        return distance / (sigma * Math.sqrt(1.0 + 1.0 / runs));
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
