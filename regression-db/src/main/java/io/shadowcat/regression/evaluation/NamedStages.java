package io.shadowcat.regression.evaluation;

import io.shadowcat.regression.result.MetricNames;
import io.shadowcat.regression.verdict.MetricVerdict;
import io.shadowcat.regression.verdict.Outcome;
import io.shadowcat.regression.verdict.StageShare;
import io.shadowcat.regression.verdict.Status;
import io.shadowcat.regression.verdict.Verdict;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The stages a verdict blames, as a person reading it would: every stage whose own metric
 * regressed, and every stage an end-to-end regression is attributed to. The derived columns
 * ({@code total}, {@code overhead}, {@code unattributed}) are not stages one can fix, so they are
 * never named. Stateless.
 */
public final class NamedStages {
    private static final Set<String> DERIVED = Set.of(MetricNames.TOTAL_STAGE, "overhead", "unattributed");

    private NamedStages() {
    }

    /** The stages named by {@code verdict}, sorted; none unless it is a regression. */
    public static Set<String> of(Verdict verdict) {
        Set<String> named = new TreeSet<>();
        if (verdict.outcome() != Outcome.REGRESSION) {
            return named;
        }
        for (MetricVerdict metric : verdict.metrics()) {
            if (metric.status() != Status.REGRESSED) {
                continue;
            }
            Optional<String> stage = MetricNames.stage(metric.metric());
            stage.filter(s -> !DERIVED.contains(s)).ifPresent(named::add);
            for (StageShare share : metric.stages()) {
                if (share.moved() && !DERIVED.contains(share.stage())) {
                    named.add(share.stage());
                }
            }
        }
        return named;
    }
}
