package io.shadowcat.regression.gate;

import io.shadowcat.regression.changepoint.EDivisive;
import io.shadowcat.regression.result.Metric;
import io.shadowcat.regression.result.Result;
import io.shadowcat.regression.store.Acceptance;
import io.shadowcat.regression.store.HistoryQuery;
import io.shadowcat.regression.store.HistoryStore;
import io.shadowcat.regression.store.StoredRun;
import io.shadowcat.regression.verdict.AcceptedLevel;
import io.shadowcat.regression.verdict.CheckSettings;
import io.shadowcat.regression.verdict.Checker;
import io.shadowcat.regression.verdict.MetricPattern;
import io.shadowcat.regression.verdict.Outcome;
import io.shadowcat.regression.verdict.References;
import io.shadowcat.regression.verdict.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The regression gate's operations over one history store: record, check, accept, trend. What the
 * {@code regress} commands do, without a command line. Thread-safe if the store is; the caller
 * owns the store.
 */
public final class Gate {
    private final HistoryStore store;
    private final CheckSettings settings;

    public Gate(HistoryStore store, CheckSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** Stores a run; {@code false} if it was already stored. */
    public boolean record(Result run) {
        return store.record(run);
    }

    /**
     * Judges a candidate against the newest runs of its suite on {@code against}, in its own
     * environment. A candidate that is already stored is never its own baseline.
     */
    public Verdict check(Result candidate, String against) {
        return check(candidate, against, References.none());
    }

    /**
     * As {@link #check(Result, String)}, with same-run references. In an environment with enough
     * history, the reference metrics are yardsticks: not judged themselves, and if one of them is
     * worse than its history the run was disturbed and an answer that found regressions is
     * undecided (one that found none passes). When this
     * environment has too little history, the normalized metrics are judged instead, against the
     * suite's history in every environment (accepted levels do not apply to them).
     */
    public Verdict check(Result candidate, String against, References references) {
        Verdict verdict = checkInEnvironment(candidate, against, references.referenceMetrics());
        if (verdict.outcome() != Outcome.UNDECIDED || references.isEmpty() || verdict.runs() >= settings.minHistory()) {
            return verdict;
        }
        Result normalized = references.normalize(candidate);
        if (normalized.metrics().isEmpty()) {
            return verdict;
        }
        List<Result> history = new ArrayList<>();
        for (StoredRun run : store.historyInAnyEnvironment(candidate.suite(), against, settings.window() + 1)) {
            Result ratios = references.normalize(run.result());
            if (!run.key().equals(candidate.key()) && !ratios.metrics().isEmpty()) {
                history.add(ratios);
            }
        }
        history = history.subList(Math.max(0, history.size() - settings.window()), history.size());
        Verdict onRatios = new Checker(settings).check(normalized, history, List.of(), against);
        if (onRatios.outcome() == Outcome.UNDECIDED) {
            return verdict.withMessage(verdict.message() + "; the same-run references have too little history "
                    + "too (" + history.size() + " runs in all environments)");
        }
        return onRatios.withMessage(onRatios.message() + ", judged on metrics normalized by same-run references "
                + "across environments (this environment has " + verdict.runs() + " runs)");
    }

    private Verdict checkInEnvironment(Result candidate, String against, Set<String> yardsticks) {
        String fingerprint = candidate.environment().fingerprint();
        List<Result> history = new ArrayList<>();
        for (StoredRun run : store.history(new HistoryQuery(candidate.suite(), against, fingerprint,
                settings.window() + 1))) {
            if (!run.key().equals(candidate.key())) {
                history.add(run.result());
            }
        }
        history = history.subList(Math.max(0, history.size() - settings.window()), history.size());
        return new Checker(settings).check(candidate, history, levels(candidate.suite(), against, fingerprint),
                against, yardsticks);
    }

    /**
     * Records {@code run} (if new) as the accepted level of the metrics matching {@code pattern}
     * on the run's branch: later checks measure against it.
     */
    public Acceptance accept(Result run, String pattern, String reason) {
        MetricPattern.of(pattern);
        store.record(run);
        Acceptance acceptance = new Acceptance(run.suite(), run.branch(), run.environment().fingerprint(), pattern,
                run.time(), run.key(), reason);
        store.accept(acceptance);
        return acceptance;
    }

    /**
     * The history of a suite as series per metric, with change points. Without a fingerprint, the
     * environment of the newest run on the branch is used; empty when there is no run at all.
     */
    public Optional<Trend> trend(String suite, String branch, Optional<String> fingerprint,
            Optional<String> metricPattern, int limit) {
        Optional<String> environment = fingerprint.or(() -> store.latest(suite, branch)
                .map(run -> run.result().environment().fingerprint()));
        if (environment.isEmpty()) {
            return Optional.empty();
        }
        List<StoredRun> runs = store.history(new HistoryQuery(suite, branch, environment.get(), limit));
        MetricPattern pattern = MetricPattern.of(metricPattern.orElse("*"));
        Map<String, List<Trend.Point>> points = new LinkedHashMap<>();
        Map<String, Metric> kinds = new LinkedHashMap<>();
        for (StoredRun run : runs) {
            for (Metric metric : run.result().metrics()) {
                if (pattern.matches(metric.name())) {
                    kinds.putIfAbsent(metric.name(), metric);
                    points.computeIfAbsent(metric.name(), n -> new ArrayList<>()).add(new Trend.Point(
                            run.result().time(), run.result().commit(), metric.value()));
                }
            }
        }
        EDivisive detector = EDivisive.defaults();
        List<Acceptance> acceptances = store.acceptances(suite, branch, environment.get());
        List<Trend.Series> series = new ArrayList<>();
        for (Map.Entry<String, List<Trend.Point>> entry : points.entrySet()) {
            Metric kind = kinds.get(entry.getKey());
            double[] values = entry.getValue().stream().mapToDouble(Trend.Point::value).toArray();
            List<Acceptance> accepted = acceptances.stream()
                    .filter(a -> MetricPattern.of(a.metricPattern()).matches(kind.name())).toList();
            series.add(new Trend.Series(kind.name(), kind.unit(), kind.better(), entry.getValue(),
                    detector.detect(values), accepted));
        }
        return Optional.of(new Trend(suite, branch, environment.get(), series));
    }

    private List<AcceptedLevel> levels(String suite, String branch, String fingerprint) {
        List<AcceptedLevel> levels = new ArrayList<>();
        for (Acceptance acceptance : store.acceptances(suite, branch, fingerprint)) {
            store.run(acceptance.runKey()).ifPresent(run -> levels.add(
                    new AcceptedLevel(MetricPattern.of(acceptance.metricPattern()), run.result())));
        }
        return levels;
    }
}
