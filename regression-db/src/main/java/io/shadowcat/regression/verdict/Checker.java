package io.shadowcat.regression.verdict;

import io.shadowcat.regression.result.Direction;
import io.shadowcat.regression.result.Metric;
import io.shadowcat.regression.result.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Compares a candidate run with its history and gives the {@link Verdict}.
 *
 * <p>Per metric: a {@link NoiseModel} of the baseline gives a one-sided p-value for the change;
 * when both the candidate and the newest baseline run carry trials, and enough of them for a
 * rank test to reach {@code alpha}, the {@link RankTest} must agree too (the larger p-value is
 * kept: an intersection-union test, so neither run-to-run noise nor within-run noise alone can
 * raise an alarm). Holm's correction runs over all metrics of the run. A metric regresses only if
 * its corrected p-value is at most {@code alpha} and it is worse by at least its minimum effect.
 * Stateless and thread-safe.
 */
public final class Checker {
    private final CheckSettings settings;

    public Checker(CheckSettings settings) {
        this.settings = settings;
    }

    /**
     * @param candidate the run to judge
     * @param history   the baseline runs of the same suite, branch and environment, oldest first
     * @param accepted  accepted changes of level in that history
     */
    public Verdict check(Result candidate, List<Result> history, List<AcceptedLevel> accepted, String branch) {
        String fingerprint = candidate.environment().fingerprint();
        if (history.size() < settings.minHistory()) {
            String message = String.format(Locale.ROOT, "not enough history: %d run%s of suite %s on branch %s in "
                            + "environment %s, %d needed; record runs of %s first (regress record)",
                    history.size(), history.size() == 1 ? "" : "s", candidate.suite(), branch, fingerprint,
                    settings.minHistory(), branch);
            return new Verdict(candidate.suite(), branch, fingerprint, candidate.commit(), history.size(),
                    Outcome.UNDECIDED, message, List.of(), settings.alpha());
        }
        List<Result> recent = history.subList(Math.max(0, history.size() - settings.window()), history.size());
        List<MetricVerdict> raw = new ArrayList<>();
        double[] pWorse = new double[candidate.metrics().size()];
        double[] pBetter = new double[candidate.metrics().size()];
        for (int i = 0; i < candidate.metrics().size(); i++) {
            Metric metric = candidate.metrics().get(i);
            Baseline baseline = Baseline.of(metric.name(), recent, accepted);
            double minEffect = settings.effectSizes().forMetric(metric.name());
            if (baseline.values().length < settings.minHistory()) {
                raw.add(new MetricVerdict(metric.name(), metric.unit(), metric.better(), Double.NaN, metric.value(),
                        Double.NaN, minEffect, Double.NaN, Double.NaN, Double.NaN, Status.NEW,
                        baseline.values().length, List.of()));
                pWorse[i] = Double.NaN;
                pBetter[i] = Double.NaN;
                continue;
            }
            NoiseModel model = NoiseModel.of(baseline.values());
            boolean lowerIsBetter = metric.better() == Direction.LOWER;
            double worse = lowerIsBetter ? model.pAbove(metric.value()) : model.pBelow(metric.value());
            double better = lowerIsBetter ? model.pBelow(metric.value()) : model.pAbove(metric.value());
            double[] trials = metric.sampleArray();
            OptionalDouble rankWorse = RankTest.pWorse(trials, baseline.latestTrials(), lowerIsBetter, settings.alpha());
            OptionalDouble rankBetter = RankTest.pWorse(trials, baseline.latestTrials(), !lowerIsBetter,
                    settings.alpha());
            pWorse[i] = Math.max(worse, rankWorse.orElse(0));
            pBetter[i] = Math.max(better, rankBetter.orElse(0));
            double change = metric.better().worsening(model.level(), metric.value());
            raw.add(new MetricVerdict(metric.name(), metric.unit(), metric.better(), model.level(), metric.value(),
                    change, minEffect, change >= 0 ? worse : better,
                    change >= 0 ? rankWorse.orElse(Double.NaN) : rankBetter.orElse(Double.NaN), Double.NaN,
                    Status.UNCHANGED, baseline.values().length, List.of()));
        }
        List<MetricVerdict> judged = judge(raw, Holm.adjust(pWorse), Holm.adjust(pBetter));
        return verdict(candidate, branch, fingerprint, recent.size(), attribute(judged));
    }

    private List<MetricVerdict> judge(List<MetricVerdict> raw, double[] worse, double[] better) {
        List<MetricVerdict> judged = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            MetricVerdict verdict = raw.get(i);
            if (verdict.status() == Status.NEW) {
                judged.add(verdict);
            } else if (verdict.change() >= verdict.minEffect() && worse[i] <= settings.alpha()) {
                judged.add(verdict.withStatus(worse[i], Status.REGRESSED));
            } else if (-verdict.change() >= verdict.minEffect() && better[i] <= settings.alpha()) {
                judged.add(verdict.withStatus(better[i], Status.IMPROVED));
            } else {
                judged.add(verdict.withStatus(verdict.change() >= 0 ? worse[i] : better[i], Status.UNCHANGED));
            }
        }
        return judged;
    }

    private static List<MetricVerdict> attribute(List<MetricVerdict> judged) {
        List<MetricVerdict> attributed = new ArrayList<>();
        for (MetricVerdict verdict : judged) {
            if (verdict.status() == Status.REGRESSED && Attribution.isEndToEnd(verdict.metric())) {
                attributed.add(verdict.withStages(Attribution.shares(verdict, judged)));
            } else {
                attributed.add(verdict);
            }
        }
        return attributed;
    }

    private Verdict verdict(Result candidate, String branch, String fingerprint, int runs,
            List<MetricVerdict> metrics) {
        long regressed = metrics.stream().filter(m -> m.status() == Status.REGRESSED).count();
        long improved = metrics.stream().filter(m -> m.status() == Status.IMPROVED).count();
        long fresh = metrics.stream().filter(m -> m.status() == Status.NEW).count();
        String counts = String.format(Locale.ROOT, "%d of %d metrics regressed, %d improved, %d new; %d baseline "
                + "runs of %s on %s", regressed, metrics.size(), improved, fresh, runs, candidate.suite(), branch);
        Outcome outcome = regressed > 0 ? Outcome.REGRESSION : Outcome.PASS;
        String message = (outcome == Outcome.REGRESSION ? "REGRESSION: " : "PASS: ") + counts;
        return new Verdict(candidate.suite(), branch, fingerprint, candidate.commit(), runs, outcome, message,
                metrics, settings.alpha());
    }
}
