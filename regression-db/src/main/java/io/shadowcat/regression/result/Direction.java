package io.shadowcat.regression.result;

import java.util.Locale;
import java.util.Optional;

/** Which way a metric gets better: latencies are better lower, throughputs higher. */
public enum Direction {
    LOWER,
    HIGHER;

    /** The word used in result files and the store: {@code lower} or {@code higher}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The direction a word names, if it names one. */
    public static Optional<Direction> of(String word) {
        for (Direction direction : values()) {
            if (direction.word().equals(word)) {
                return Optional.of(direction);
            }
        }
        return Optional.empty();
    }

    /**
     * How much worse {@code candidate} is than {@code baseline}, as a fraction of the baseline:
     * positive means worse, negative better, whichever way the metric improves. From a baseline
     * of zero any change is infinitely large; no change is zero.
     */
    public double worsening(double baseline, double candidate) {
        if (candidate == baseline) {
            return 0;
        }
        double change = (candidate - baseline) / Math.abs(baseline);
        return this == LOWER ? change : -change;
    }
}
