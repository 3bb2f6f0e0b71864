package io.shadowcat.regression.verdict;

import io.shadowcat.regression.result.Direction;
import java.util.List;
import java.util.Objects;

/**
 * The verdict on one metric. Immutable.
 *
 * @param metric     the metric name
 * @param unit       its unit
 * @param better     which way it improves
 * @param baseline   the baseline level (median of the history), NaN when {@link Status#NEW}
 * @param candidate  the candidate's value
 * @param change     relative change, signed: positive is worse, whichever way the metric improves
 * @param minEffect  the minimum effect that applied
 * @param pNoise     one-sided p-value of the change against the history's noise (NaN if untested)
 * @param pRank      one-sided p-value of the trial rank test (NaN if it was not run)
 * @param pAdjusted  the p-value the status rests on, after Holm's correction (NaN if untested)
 * @param status     the conclusion
 * @param runs       baseline runs used
 * @param stages     for an end-to-end metric that regressed: the stages, largest delta first
 */
public record MetricVerdict(String metric, String unit, Direction better, double baseline, double candidate,
        double change, double minEffect, double pNoise, double pRank, double pAdjusted, Status status, int runs,
        List<StageShare> stages) {
    public MetricVerdict {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(status, "status");
        stages = List.copyOf(stages);
    }

    MetricVerdict withStatus(double adjusted, Status newStatus) {
        return new MetricVerdict(metric, unit, better, baseline, candidate, change, minEffect, pNoise, pRank,
                adjusted, newStatus, runs, stages);
    }

    MetricVerdict withStages(List<StageShare> newStages) {
        return new MetricVerdict(metric, unit, better, baseline, candidate, change, minEffect, pNoise, pRank,
                pAdjusted, status, runs, newStages);
    }
}
