package io.shadowcat.regression.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.shadowcat.regression.result.Direction;
import io.shadowcat.regression.result.Metric;
import io.shadowcat.regression.result.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Verdicts, and the exit code each situation gives. */
class CheckerTest {
    private final Checker checker = new Checker(CheckSettings.defaults());

    private static MetricVerdict metric(Verdict verdict, String name) {
        return verdict.metrics().stream().filter(m -> m.metric().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aRunWithinTheNoisePasses() {
        Verdict verdict = checker.check(Scenario.run(20, Scenario.stages(Scenario.wobble(20), 40)),
                Scenario.history(12), List.of(), "main");

        assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
        assertThat(verdict.outcome().exitCode()).isZero();
        assertThat(verdict.metrics()).allMatch(m -> m.status() == Status.UNCHANGED);
    }

    @Test
    void aSlowerStageFailsTheRunAndIsNamed() {
        Result candidate = Scenario.run(20, Scenario.stages(1.0, 184));

        Verdict verdict = checker.check(candidate, Scenario.history(12), List.of(), "main");

        assertThat(verdict.outcome()).isEqualTo(Outcome.REGRESSION);
        assertThat(verdict.outcome().exitCode()).isEqualTo(1);
        MetricVerdict total = metric(verdict, "profile.stage.total.p99");
        assertThat(total.status()).isEqualTo(Status.REGRESSED);
        assertThat(total.stages()).first().satisfies(stage -> {
            assertThat(stage.stage()).isEqualTo("policy");
            assertThat(stage.moved()).isTrue();
        });
        assertThat(Attribution.describe(total))
                .isEqualTo("profile.stage.total.p99 +17.9%: policy +144 us (100%), auth, upstream unchanged");
    }

    @Test
    void tooLittleHistoryCannotDecide() {
        Verdict verdict = checker.check(Scenario.run(20, Scenario.stages(1.0, 40)), Scenario.history(3), List.of(),
                "main");

        assertThat(verdict.outcome()).isEqualTo(Outcome.UNDECIDED);
        assertThat(verdict.outcome().exitCode()).isEqualTo(2);
        assertThat(verdict.message()).startsWith("not enough history: 3 runs of suite smoke on branch main")
                .contains("5 needed");
    }

    @Test
    void throughputIsBetterHigher() {
        Map<String, Double> slower = Scenario.stages(1.0, 40);
        slower.put("gatling.global.rps", 17_000.0);
        Map<String, Double> faster = Scenario.stages(1.0, 40);
        faster.put("gatling.global.rps", 23_000.0);

        assertThat(metric(checker.check(Scenario.run(20, slower), Scenario.history(12), List.of(), "main"),
                "gatling.global.rps").status()).isEqualTo(Status.REGRESSED);
        assertThat(metric(checker.check(Scenario.run(20, faster), Scenario.history(12), List.of(), "main"),
                "gatling.global.rps").status()).isEqualTo(Status.IMPROVED);
    }

    @Test
    void aCertainButSmallChangeIsNotARegression() {
        List<Result> history = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            history.add(Scenario.run(i, Map.of("profile.stage.auth.p99", 40 * (1 + 0.001 * Math.sin(i)))));
        }

        Verdict verdict = checker.check(Scenario.run(20, Map.of("profile.stage.auth.p99", 41.2)), history, List.of(),
                "main");

        MetricVerdict auth = metric(verdict, "profile.stage.auth.p99");
        assertThat(auth.pAdjusted()).isLessThan(1e-6);
        assertThat(auth.status()).isEqualTo(Status.UNCHANGED);
        assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void manyMetricsAreCorrectedFor() {
        // One metric 3.3 noise units out: alone it alarms, hidden among 40 it must not.
        List<Result> history = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            history.add(Scenario.run(i, metrics(40, i)));
        }
        Map<String, Double> alone = new LinkedHashMap<>();
        alone.put("bench.m0.p99", 100.0 * 1.06);
        Map<String, Double> among = metrics(40, 50);
        among.put("bench.m0.p99", 100.0 * 1.06);
        List<Result> aloneHistory = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            aloneHistory.add(Scenario.run(i, Map.of("bench.m0.p99",
                    history.get(i).metric("bench.m0.p99").orElseThrow().value())));
        }

        assertThat(checker.check(Scenario.run(60, alone), aloneHistory, List.of(), "main").outcome())
                .isEqualTo(Outcome.REGRESSION);
        assertThat(checker.check(Scenario.run(60, among), history, List.of(), "main").outcome())
                .isEqualTo(Outcome.PASS);
    }

    private static Map<String, Double> metrics(int count, int run) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (int m = 0; m < count; m++) {
            values.put("bench.m" + m + ".p99", 100 * (1 + 0.02 * Math.sin(run * 1.7 + m)));
        }
        return values;
    }

    @Test
    void anAcceptedLevelBecomesTheBaseline() {
        List<Result> history = new ArrayList<>(Scenario.history(12));
        Result accepted = Scenario.run(12, Scenario.stages(1.0, 184));
        history.add(accepted);
        Result candidate = Scenario.run(20, Scenario.stages(Scenario.wobble(20), 184));

        Verdict without = checker.check(candidate, history, List.of(), "main");
        Verdict with = checker.check(candidate, history,
                List.of(new AcceptedLevel(MetricPattern.of("*"), accepted)), "main");

        assertThat(without.outcome()).isEqualTo(Outcome.REGRESSION);
        assertThat(with.outcome()).isEqualTo(Outcome.PASS);
        assertThat(metric(with, "profile.stage.total.p99").baseline()).isCloseTo(944, within(10.0));
    }

    @Test
    void trialsMustAgreeWithTheHistory() {
        String name = "profile.stage.total.p99";
        List<Result> history = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            history.add(Scenario.run(i, Map.of(name, 800 * Scenario.wobble(i))));
        }
        // The newest baseline run's trials overlap the candidate's: the rank test vetoes.
        history.add(Scenario.withTrials(11, name, 700, 760, 800, 900, 980, 1000));
        Result candidate = Scenario.withTrials(20, name, 880, 900, 905, 910, 990, 1001);

        MetricVerdict verdict = metric(checker.check(candidate, history, List.of(), "main"), name);

        assertThat(verdict.pNoise()).isLessThan(0.001);
        assertThat(verdict.pRank()).isGreaterThan(0.05);
        assertThat(verdict.status()).isEqualTo(Status.UNCHANGED);
    }

    @Test
    void aMetricWithoutHistoryIsNewAndDoesNotFail() {
        Map<String, Double> values = Scenario.stages(1.0, 40);
        values.put("profile.stage.connect.p99", 5000.0);

        Verdict verdict = checker.check(Scenario.run(20, values), Scenario.history(12), List.of(), "main");

        assertThat(metric(verdict, "profile.stage.connect.p99").status()).isEqualTo(Status.NEW);
        assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
    }

    /** The stage p99s plus a direct-to-upstream yardstick, all scaled by how busy the machine was. */
    private static Result withYardstick(int index, double machine, double policy) {
        Map<String, Double> values = new LinkedHashMap<>(Scenario.stages(machine, policy));
        values.put("wrk.direct.p50", 300 * machine);
        return Scenario.run(index, values);
    }

    private static List<Result> historyWithYardstick() {
        List<Result> history = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            history.add(withYardstick(i, Scenario.wobble(i), 40));
        }
        return history;
    }

    @Test
    void aDisturbedRunThatRegressedNothingPasses() {
        // The direct path was 50% slower in this run, and the proxy's own figures were as usual: a
        // disturbance only slows a run down, so it cannot have hidden a regression.
        Map<String, Double> values = new LinkedHashMap<>(Scenario.stages(Scenario.wobble(20), 40));
        values.put("wrk.direct.p50", 450.0);

        Verdict verdict = checker.check(Scenario.run(20, values), historyWithYardstick(), List.of(), "main",
                Set.of("wrk.direct.p50"));

        assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
        assertThat(verdict.message()).startsWith("PASS: 0 of ")
                .contains("; the machine was disturbed during this run (wrk.direct.p50 +")
                .endsWith("), and nothing regressed even so");
    }

    @Test
    void aBusyMachineSeenByTheYardstickCannotDecide() {
        Verdict verdict = checker.check(withYardstick(20, 1.3, 40), historyWithYardstick(), List.of(), "main",
                Set.of("wrk.direct.p50"));

        assertThat(verdict.outcome()).isEqualTo(Outcome.UNDECIDED);
        assertThat(verdict.outcome().exitCode()).isEqualTo(2);
        assertThat(verdict.message()).startsWith("cannot decide: the machine was disturbed during this run, a same-run "
                + "yardstick moved beyond its history (wrk.direct.p50 +29.9% (p = ").endsWith("); run it again");
        assertThat(metric(verdict, "wrk.direct.p50").status()).isEqualTo(Status.UNJUDGED);
    }

    @Test
    void aSlowerStageOnAQuietMachineIsARegressionAndTheYardstickIsNotJudged() {
        Verdict verdict = checker.check(withYardstick(20, 1.0, 184), historyWithYardstick(), List.of(), "main",
                Set.of("wrk.direct.p50"));

        assertThat(verdict.outcome()).isEqualTo(Outcome.REGRESSION);
        assertThat(metric(verdict, "profile.stage.policy.p99").status()).isEqualTo(Status.REGRESSED);
        assertThat(metric(verdict, "wrk.direct.p50").status()).isEqualTo(Status.UNJUDGED);
    }

    @Test
    void aChangeBelowTheAbsoluteMinimumIsNotARegression() {
        // A 40 ns stage ticking to 50 ns is 25% and certain against a flat history, and nothing at all.
        List<Result> history = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            history.add(Scenario.run(i, Map.of("profile.stage.policy.p90", 40.0)));
        }
        Result candidate = Scenario.run(20, Map.of("profile.stage.policy.p90", 50.0));
        List<Metric> nanos = candidate.metrics().stream()
                .map(m -> Metric.of(m.name(), "ns", m.better(), m.value())).toList();
        List<Result> historyInNanos = history.stream().map(r -> r.withMetrics(r.metrics().stream()
                .map(m -> Metric.of(m.name(), "ns", m.better(), m.value())).toList())).toList();

        Verdict verdict = checker.check(candidate.withMetrics(nanos), historyInNanos, List.of(), "main");

        assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
        assertThat(metric(verdict, "profile.stage.policy.p90").change()).isCloseTo(0.25,
                within(1e-12));
    }

    /** A run of the gate's suite: overhead p50 340 us, a policy stage of {@code policy} us, a 200 us upstream. */
    private static Result proxyRun(int index, double policy) {
        double scale = Scenario.wobble(index);
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("profile.stage.policy.p50", policy * scale);
        values.put("profile.stage.overhead.p50", (339.4 + policy) * scale);
        values.put("profile.stage.upstream.p50", 200 * scale);
        values.put("profile.stage.total.p50", (539.4 + policy) * scale);
        return Scenario.run(index, values);
    }

    @Test
    void aStageMustMoveItsWholeByTheMinimumEffect() {
        List<Result> history = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            history.add(proxyRun(i, 0.6));
        }

        // 0.6 -> 5.3 us is certain and +780%, and 1.4% of the overhead: no regression.
        Verdict jitter = checker.check(proxyRun(20, 5.3), history, List.of(), "main");
        // 0.6 -> 34.6 us is 10% of the overhead: a regression, in the policy stage.
        Verdict slower = checker.check(proxyRun(21, 34.6), history, List.of(), "main");

        assertThat(jitter.outcome()).isEqualTo(Outcome.PASS);
        assertThat(metric(jitter, "profile.stage.policy.p50").change()).isGreaterThan(5);
        assertThat(metric(jitter, "profile.stage.policy.p50").status()).isEqualTo(Status.UNCHANGED);
        assertThat(slower.outcome()).isEqualTo(Outcome.REGRESSION);
        assertThat(metric(slower, "profile.stage.policy.p50").status()).isEqualTo(Status.REGRESSED);
        assertThat(metric(slower, "profile.stage.overhead.p50").status()).isEqualTo(Status.REGRESSED);
    }

    @Test
    void theUpstreamStageMustMoveTheTotalByTheMinimumEffect() {
        List<Result> history = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            history.add(proxyRun(i, 0.6));
        }
        Result slightlySlowerUpstream = withMetric(proxyRun(20, 0.6), "profile.stage.upstream.p50", 220);
        Result slowerUpstream = withMetric(proxyRun(21, 0.6), "profile.stage.upstream.p50", 260);

        // +20 us is 10% of the upstream stage and 3.7% of the 540 us total; +60 us is 11% of it.
        assertThat(metric(checker.check(slightlySlowerUpstream, history, List.of(), "main"),
                "profile.stage.upstream.p50").status()).isEqualTo(Status.UNCHANGED);
        assertThat(metric(checker.check(slowerUpstream, history, List.of(), "main"),
                "profile.stage.upstream.p50").status()).isEqualTo(Status.REGRESSED);
    }

    private static Result withMetric(Result run, String name, double value) {
        return run.withMetrics(run.metrics().stream()
                .map(m -> m.name().equals(name) ? Metric.of(name, m.unit(), m.better(), value) : m).toList());
    }

    @Test
    void aBusierMachineIsAYardstickWithoutBeingGiven() {
        // The proxy's overhead moved 15% in a run in which other processes took twice their usual share
        // of the CPU: the run cannot be decided, and the machine's own figure is never judged.
        List<Result> history = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            history.add(machineRun(i, 340, 30));
        }

        Verdict busy = checker.check(machineRun(20, 391, 60), history, List.of(), "main");
        Verdict quiet = checker.check(machineRun(21, 391, 30), history, List.of(), "main");

        assertThat(busy.outcome()).isEqualTo(Outcome.UNDECIDED);
        assertThat(busy.message()).startsWith("cannot decide: the machine was disturbed").contains("profile.machine.others_cpu.mean +99");
        assertThat(metric(busy, "profile.machine.others_cpu.mean").status()).isEqualTo(Status.UNJUDGED);
        assertThat(quiet.outcome()).isEqualTo(Outcome.REGRESSION);
        assertThat(metric(quiet, "profile.machine.others_cpu.mean").status()).isEqualTo(Status.UNJUDGED);
    }

    private static Result machineRun(int index, double overhead, double othersCpu) {
        Result run = Scenario.run(index, Map.of("profile.stage.overhead.p50", overhead * Scenario.wobble(index)));
        List<Metric> metrics = new ArrayList<>(run.metrics());
        metrics.add(Metric.of("profile.machine.others_cpu.mean", "%", Direction.LOWER,
                othersCpu * Scenario.wobble(index + 7)));
        return run.withMetrics(metrics);
    }

    @Test
    void aMaxIsShownButNeverJudged() {
        List<Result> history = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            history.add(Scenario.run(i, Map.of("gatling.global.max", 1000 * Scenario.wobble(i))));
        }

        Verdict verdict = checker.check(Scenario.run(20, Map.of("gatling.global.max", 9000.0)), history, List.of(),
                "main");

        assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
        assertThat(metric(verdict, "gatling.global.max").status()).isEqualTo(Status.UNJUDGED);
        assertThat(verdict.message()).contains("1 not judged (too few observations)");
    }
}
