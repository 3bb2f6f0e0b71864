package io.shadowcat.regression.verdict;

import java.util.Objects;

/**
 * How strict a check is. Immutable.
 *
 * @param alpha       family-wise false-alarm rate per suite run (Holm-corrected), default 1%
 * @param minHistory  the fewest baseline runs a verdict may rest on, default 5
 * @param window      how many recent baseline runs to use, default 20
 * @param effectSizes the minimum effect per metric pattern
 */
public record CheckSettings(double alpha, int minHistory, int window, EffectSizes effectSizes) {
    public CheckSettings {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        if (minHistory < 2) {
            throw new IllegalArgumentException("minHistory must be at least 2, got " + minHistory);
        }
        if (window < minHistory) {
            throw new IllegalArgumentException("window (" + window + ") must be at least minHistory (" + minHistory + ")");
        }
        Objects.requireNonNull(effectSizes, "effectSizes");
    }

    public static CheckSettings defaults() {
        return new CheckSettings(0.01, 5, 20, EffectSizes.defaults());
    }
}
