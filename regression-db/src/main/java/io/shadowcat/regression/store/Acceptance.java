package io.shadowcat.regression.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * An intended change of level: from {@code time} on, checks of the metrics matching
 * {@code metricPattern} measure against the level of the accepted run, not the older history.
 * Immutable.
 *
 * @param suite         the suite
 * @param branch        the branch whose history it applies to
 * @param fingerprint   the environment fingerprint it applies to
 * @param metricPattern a {@link io.shadowcat.regression.verdict.MetricPattern} glob; {@code *} for all
 * @param time          when it was accepted (the accepted run's time)
 * @param runKey        the accepted run, whose values are the new level
 * @param reason        why, for the people reading the history later
 */
public record Acceptance(String suite, String branch, String fingerprint, String metricPattern, Instant time,
        String runKey, String reason) {
    public Acceptance {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(metricPattern, "metricPattern");
        time = time.truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(runKey, "runKey");
        Objects.requireNonNull(reason, "reason");
    }
}
