package io.shadowcat.regression.verdict;

import io.shadowcat.regression.result.Result;
import java.util.Objects;

/**
 * An accepted change of level, resolved: the metrics it covers and the run whose values are the
 * new level. Immutable.
 */
public record AcceptedLevel(MetricPattern pattern, Result run) {
    public AcceptedLevel {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(run, "run");
    }
}
