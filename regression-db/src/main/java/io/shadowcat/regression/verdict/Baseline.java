package io.shadowcat.regression.verdict;

import io.shadowcat.regression.result.Metric;
import io.shadowcat.regression.result.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One metric's history as a check sees it: values oldest first, and the trials of the newest run
 * that had any. When a change of level was accepted, runs before it are rescaled by the ratio of
 * the accepted run's value to their median: the history keeps teaching how noisy the metric is,
 * while the level becomes the accepted one. Immutable.
 */
public record Baseline(double[] values, double[] latestTrials) {
    public static Baseline of(String metric, List<Result> history, List<AcceptedLevel> accepted) {
        Optional<AcceptedLevel> level = accepted.stream().filter(a -> a.pattern().matches(metric))
                .filter(a -> a.run().metric(metric).isPresent())
                .reduce((first, second) -> second.run().time().isBefore(first.run().time()) ? first : second);
        List<Double> before = new ArrayList<>();
        List<Double> after = new ArrayList<>();
        double[] trials = new double[0];
        boolean trialsBefore = false;
        for (Result run : history) {
            Optional<Metric> value = run.metric(metric);
            if (value.isEmpty()) {
                continue;
            }
            boolean old = level.isPresent() && run.time().isBefore(level.get().run().time());
            (old ? before : after).add(value.get().value());
            if (!value.get().samples().isEmpty()) {
                trials = value.get().sampleArray();
                trialsBefore = old;
            }
        }
        double scale = 1;
        if (level.isPresent() && !before.isEmpty()) {
            double oldLevel = Robust.median(before.stream().mapToDouble(Double::doubleValue).toArray());
            scale = level.get().run().metric(metric).orElseThrow().value() / oldLevel;
        }
        double[] values = new double[before.size() + after.size()];
        for (int i = 0; i < before.size(); i++) {
            values[i] = before.get(i) * scale;
        }
        for (int i = 0; i < after.size(); i++) {
            values[before.size() + i] = after.get(i);
        }
        if (trialsBefore) {
            for (int i = 0; i < trials.length; i++) {
                trials[i] *= scale;
            }
        }
        return new Baseline(values, trials);
    }
}
