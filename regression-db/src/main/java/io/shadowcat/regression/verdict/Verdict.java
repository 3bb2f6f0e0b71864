package io.shadowcat.regression.verdict;

import java.util.List;
import java.util.Objects;

/**
 * The verdict on a candidate run. Immutable.
 *
 * @param suite       the suite
 * @param branch      the baseline branch
 * @param fingerprint the environment compared in
 * @param commit      the candidate's commit
 * @param runs        baseline runs found
 * @param outcome     the answer, and so the exit code
 * @param message     one line a person reads first
 * @param metrics     per metric, in the candidate's order
 * @param alpha       the family-wise false-alarm rate the check held to
 */
public record Verdict(String suite, String branch, String fingerprint, String commit, int runs, Outcome outcome,
        String message, List<MetricVerdict> metrics, double alpha) {
    public Verdict {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
        metrics = List.copyOf(metrics);
    }

    /** The same verdict with another message. */
    public Verdict withMessage(String newMessage) {
        return new Verdict(suite, branch, fingerprint, commit, runs, outcome, newMessage, metrics, alpha);
    }

    public List<MetricVerdict> regressions() {
        return metrics.stream().filter(m -> m.status() == Status.REGRESSED).toList();
    }
}
