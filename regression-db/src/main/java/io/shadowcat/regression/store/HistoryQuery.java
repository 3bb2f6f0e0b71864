package io.shadowcat.regression.store;

import java.util.Objects;

/**
 * Which history to read: one suite on one branch in one environment, newest {@code limit} runs.
 * Immutable.
 */
public record HistoryQuery(String suite, String branch, String fingerprint, int limit) {
    public HistoryQuery {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
    }
}
