package io.shadowcat.regression.evaluation;

import io.shadowcat.regression.verdict.MetricVerdict;
import io.shadowcat.regression.verdict.Outcome;
import io.shadowcat.regression.verdict.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One check an evaluation made: a run of the same build (A/A) or of a build with a known slowdown
 * (A/B), and what the gate said about it. Immutable.
 *
 * @param time     when the run was measured
 * @param slowed   whether the run carried the injected slowdown
 * @param verdict  the gate's verdict
 * @param named    the stages the verdict blames ({@link NamedStages})
 * @param runs     how many runs the check took (more than 1: a CI job that ran its suite again, see {@link Evaluation.Jobs})
 */
public record Check(Instant time, boolean slowed, Verdict verdict, Set<String> named, int runs) {
    public Check {
        named = Set.copyOf(named);
    }

    public boolean alarmed() {
        return verdict.outcome() == Outcome.REGRESSION;
    }

    /** The names of the metrics that regressed. */
    public List<String> regressed() {
        return verdict.regressions().stream().map(MetricVerdict::metric).toList();
    }
}
