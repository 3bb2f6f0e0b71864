package io.shadowcat.regression.verdict;

import io.shadowcat.regression.result.Direction;
import io.shadowcat.regression.result.Metric;
import io.shadowcat.regression.result.MetricNames;
import io.shadowcat.regression.result.Result;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Compares a candidate run with its history and gives the {@link Verdict}.
 *
 * <p>Per metric: a {@link NoiseModel} of the baseline gives a one-sided p-value for the change, on
 * the log scale when every value is positive (latency and throughput noise is a factor); when
 * both the candidate and the newest baseline run carry trials, and enough of them for a rank test
 * to reach {@code alpha}, the {@link RankTest} must agree too (the larger p-value is kept: an
 * intersection-union test, so neither run-to-run noise nor within-run noise alone can raise an
 * alarm). Statistics that rest on too few observations ({@link TailSupport}: a max, a p99.9 of a
 * short run) are shown as {@link Status#UNJUDGED}, and so are yardsticks (see
 * {@link #check(Result, List, List, String, Set)}). Holm's correction runs over the judged metrics
 * of the run. A metric regresses only if its corrected p-value is at most {@code alpha} and it is
 * worse by at least its minimum effect, relative and (for times) absolute.
 *
 * <p>A stage's move must also matter to the whole it is part of ({@link #stageFloor}): a stage inside
 * the proxy's overhead has to move by at least the overhead's minimum effect of the overhead's
 * level (same statistic), the upstream stage by the total's. A 0.6 µs stage that reads 5 µs in one
 * run is a certain +700% and changes a 340 µs overhead by 1.4%: not a regression anyone should
 * chase, and, on a shared machine, the commonest false alarm. Stateless and thread-safe.
 */
public final class Checker {
    /** How an undecided verdict on a disturbed run begins (see {@link #disturbed}). */
    public static final String DISTURBED = "cannot decide: the machine was disturbed";
    /** The proxy's own share of an exchange: {@code total - upstream} (see DESIGN.md). */
    static final String OVERHEAD_STAGE = "overhead";
    static final String UPSTREAM_STAGE = "upstream";
    private static final Set<String> WHOLES = Set.of(MetricNames.TOTAL_STAGE, OVERHEAD_STAGE);

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
        return check(candidate, history, accepted, branch, Set.of());
    }

    /**
     * As {@link #check(Result, List, List, String)}, with yardsticks: metrics measured in the same
     * run that do not involve the code under test (the direct-to-upstream path, and every metric of the
     * machine such as the share of CPU other processes took, given or not). They are never
     * judged as regressions; if one of them is worse than its own history beyond the noise (at
     * {@code alpha}, uncorrected, and by its minimum effect), the machine was disturbed during the
     * run, and a verdict that found regressions is {@link Outcome#UNDECIDED}: run it again. A run
     * that passed even so passes: a disturbance slows a run down, so it cannot hide a regression.
     */
    public Verdict check(Result candidate, List<Result> history, List<AcceptedLevel> accepted, String branch,
            Set<String> givenYardsticks) {
        // Metrics of the machine (MetricNames.isMachine) are yardsticks whether or not they are given.
        Set<String> yardsticks = new HashSet<>(givenYardsticks);
        candidate.metrics().stream().map(Metric::name).filter(MetricNames::isMachine).forEach(yardsticks::add);
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
        TailSupport support = TailSupport.of(candidate);
        List<MetricVerdict> raw = new ArrayList<>();
        double[] pWorse = new double[candidate.metrics().size()];
        double[] pBetter = new double[candidate.metrics().size()];
        double[] absolute = new double[candidate.metrics().size()];
        List<String> disturbed = new ArrayList<>();
        for (int i = 0; i < candidate.metrics().size(); i++) {
            Metric metric = candidate.metrics().get(i);
            Baseline baseline = Baseline.of(metric.name(), recent, accepted);
            double minEffect = settings.effectSizes().forMetric(metric.name());
            absolute[i] = Math.max(settings.effectSizes().absoluteFor(metric.name(), metric.unit()),
                    stageFloor(metric, candidate, recent, accepted));
            pWorse[i] = Double.NaN;
            pBetter[i] = Double.NaN;
            if (baseline.values().length < settings.minHistory()) {
                raw.add(new MetricVerdict(metric.name(), metric.unit(), metric.better(), Double.NaN, metric.value(),
                        Double.NaN, minEffect, Double.NaN, Double.NaN, Double.NaN, Status.NEW,
                        baseline.values().length, List.of()));
                continue;
            }
            NoiseModel model = model(baseline.values(), metric.value());
            double change = metric.better().worsening(model.level(), metric.value());
            boolean lowerIsBetter = metric.better() == Direction.LOWER;
            double worse = lowerIsBetter ? model.pAbove(metric.value()) : model.pBelow(metric.value());
            double better = lowerIsBetter ? model.pBelow(metric.value()) : model.pAbove(metric.value());
            if (yardsticks.contains(metric.name()) && worse <= settings.alpha() && change >= minEffect
                    && Math.abs(metric.value() - model.level()) >= absolute[i]) {
                disturbed.add(String.format(Locale.ROOT, "%s %+.1f%% (p = %.2g)", metric.name(), 100 * change, worse));
            }
            if (yardsticks.contains(metric.name()) || !support.judged(metric.name())) {
                raw.add(new MetricVerdict(metric.name(), metric.unit(), metric.better(), model.level(), metric.value(),
                        change, minEffect, change >= 0 ? worse : better, Double.NaN, Double.NaN, Status.UNJUDGED,
                        baseline.values().length, List.of()));
                continue;
            }
            double[] trials = metric.sampleArray();
            OptionalDouble rankWorse = RankTest.pWorse(trials, baseline.latestTrials(), lowerIsBetter, settings.alpha());
            OptionalDouble rankBetter = RankTest.pWorse(trials, baseline.latestTrials(), !lowerIsBetter,
                    settings.alpha());
            pWorse[i] = Math.max(worse, rankWorse.orElse(0));
            pBetter[i] = Math.max(better, rankBetter.orElse(0));
            raw.add(new MetricVerdict(metric.name(), metric.unit(), metric.better(), model.level(), metric.value(),
                    change, minEffect, change >= 0 ? worse : better,
                    change >= 0 ? rankWorse.orElse(Double.NaN) : rankBetter.orElse(Double.NaN), Double.NaN,
                    Status.UNCHANGED, baseline.values().length, List.of()));
        }
        List<MetricVerdict> judged = attribute(judge(raw, Holm.adjust(pWorse), Holm.adjust(pBetter), absolute));
        Verdict verdict = verdict(candidate, branch, fingerprint, recent.size(), judged);
        if (!disturbed.isEmpty() && verdict.outcome() == Outcome.PASS) {
            // A disturbance makes the run slower, never faster: it can explain an alarm away, not a pass.
            return verdict.withMessage(verdict.message() + "; the machine was disturbed during this run ("
                    + String.join(", ", disturbed) + "), and nothing regressed even so");
        }
        if (!disturbed.isEmpty()) {
            String message = DISTURBED + " during this run, a same-run yardstick moved "
                    + "beyond its history (" + String.join(", ", disturbed) + "); run it again";
            return new Verdict(candidate.suite(), branch, fingerprint, candidate.commit(), recent.size(),
                    Outcome.UNDECIDED, message, judged, settings.alpha());
        }
        return verdict;
    }

    /**
     * Whether {@code verdict} could not decide because a yardstick showed a disturbed machine, which a
     * second run can change (unlike too little history).
     */
    public static boolean disturbed(Verdict verdict) {
        return verdict.outcome() == Outcome.UNDECIDED && verdict.message().startsWith(DISTURBED);
    }

    /**
     * The smallest change of a stage metric that moves its whole by the whole's minimum effect: for
     * {@code profile.stage.auth.p50}, the minimum effect of {@code profile.stage.overhead.p50} times
     * that metric's baseline median (for the upstream stage, of {@code profile.stage.total.p50});
     * 0 for a metric that is no stage, is itself a whole, or whose whole the run or its history
     * lacks (in the same unit).
     */
    private double stageFloor(Metric metric, Result candidate, List<Result> recent, List<AcceptedLevel> accepted) {
        Optional<String> stage = MetricNames.stage(metric.name());
        if (stage.isEmpty() || WHOLES.contains(stage.get())) {
            return 0;
        }
        String[] parts = metric.name().split("\\.");
        String whole = parts[0] + "." + parts[1] + "."
                + (stage.get().equals(UPSTREAM_STAGE) ? MetricNames.TOTAL_STAGE : OVERHEAD_STAGE) + "." + parts[3];
        if (candidate.metric(whole).filter(m -> m.unit().equals(metric.unit())).isEmpty()) {
            return 0;
        }
        double[] levels = Baseline.of(whole, recent, accepted).values();
        return levels.length == 0 ? 0 : settings.effectSizes().forMetric(whole) * Math.abs(Robust.median(levels));
    }

    /** The model for a metric: on the log scale when its history and the candidate are all positive. */
    private static NoiseModel model(double[] history, double candidate) {
        boolean positive = candidate > 0;
        for (double value : history) {
            positive &= value > 0;
        }
        return positive ? NoiseModel.logScale(history) : NoiseModel.of(history);
    }

    private List<MetricVerdict> judge(List<MetricVerdict> raw, double[] worse, double[] better, double[] absolute) {
        List<MetricVerdict> judged = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            MetricVerdict verdict = raw.get(i);
            boolean large = Math.abs(verdict.candidate() - verdict.baseline()) >= absolute[i];
            if (verdict.status() == Status.NEW || verdict.status() == Status.UNJUDGED) {
                judged.add(verdict);
            } else if (large && verdict.change() >= verdict.minEffect() && worse[i] <= settings.alpha()) {
                judged.add(verdict.withStatus(worse[i], Status.REGRESSED));
            } else if (large && -verdict.change() >= verdict.minEffect() && better[i] <= settings.alpha()) {
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
        long unjudged = metrics.stream().filter(m -> m.status() == Status.UNJUDGED).count();
        String counts = String.format(Locale.ROOT, "%d of %d metrics regressed, %d improved, %d new%s; %d baseline "
                + "runs of %s on %s", regressed, metrics.size(), improved, fresh,
                unjudged == 0 ? "" : ", " + unjudged + " not judged (too few observations)", runs, candidate.suite(),
                branch);
        Outcome outcome = regressed > 0 ? Outcome.REGRESSION : Outcome.PASS;
        String message = (outcome == Outcome.REGRESSION ? "REGRESSION: " : "PASS: ") + counts;
        return new Verdict(candidate.suite(), branch, fingerprint, candidate.commit(), runs, outcome, message,
                metrics, settings.alpha());
    }
}
