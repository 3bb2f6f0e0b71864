package io.shadowcat.regression.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.regression.gate.Gate;
import io.shadowcat.regression.result.Direction;
import io.shadowcat.regression.result.Environment;
import io.shadowcat.regression.result.Metric;
import io.shadowcat.regression.result.Result;
import io.shadowcat.regression.store.HistoryStore;
import io.shadowcat.regression.store.Stores;
import io.shadowcat.regression.verdict.CheckSettings;
import io.shadowcat.regression.verdict.Outcome;
import io.shadowcat.regression.verdict.References;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay over a real store: runs of an unchanged proxy with a little noise, interleaved with
 * runs whose policy stage is slower, as bench/gate-suite tags them.
 */
class EvaluationTest {
    private static final Environment MACHINE = new Environment("Test CPU", 2, "Temurin 17", "Linux", "cfg");
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path directory;

    private HistoryStore store;
    private Evaluation evaluation;

    @BeforeEach
    void open() {
        store = Stores.open(directory.resolve("eval.db").toString());
        evaluation = evaluation(Evaluation.Jobs.SINGLE);
    }

    private Evaluation evaluation(Evaluation.Jobs jobs) {
        return new Evaluation(new Gate(store, CheckSettings.defaults()), "main", References.none(), 5, jobs);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Stage p50s in ns: policy 30 (or 30 + delay), auth 9000, upstream 700000, total their sum. */
    private static Result run(int index, double delay, double wobble) {
        return run(index, delay, wobble, 40);
    }

    /** ... and the share of CPU other processes took, a yardstick of the machine. */
    private static Result run(int index, double delay, double wobble, double othersCpu) {
        double auth = 9000 * wobble;
        double upstream = 700_000 * wobble;
        double policy = 30 * wobble + delay;
        List<Metric> metrics = new ArrayList<>();
        metrics.add(Metric.of("profile.stage.auth.p50", "ns", Direction.LOWER, auth));
        metrics.add(Metric.of("profile.stage.policy.p50", "ns", Direction.LOWER, policy));
        metrics.add(Metric.of("profile.stage.upstream.p50", "ns", Direction.LOWER, upstream));
        metrics.add(Metric.of("profile.stage.overhead.p50", "ns", Direction.LOWER, auth + policy));
        metrics.add(Metric.of("profile.stage.total.p50", "ns", Direction.LOWER, auth + policy + upstream));
        metrics.add(Metric.of("profile.machine.others_cpu.mean", "%", Direction.LOWER, othersCpu * wobble));
        return new Result("gate-suite", "profile", MACHINE, "", "main", T0.plusSeconds(60L * index),
                delay > 0 ? Map.of("delay", delay + "ns") : Map.of(), metrics);
    }

    private static double wobble(int i) {
        return 1 + 0.02 * StrictMath.sin(i * 2.3);
    }

    /** Runs 0 to {@code count - 1} of the unchanged build. */
    private static List<Result> unchanged(int count) {
        List<Result> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            runs.add(run(i, 0, wobble(i)));
        }
        return runs;
    }

    /** Run {@code index} of the unchanged build with a policy stage as slow as a real slowdown's (a spike). */
    private static Result spiked(int index, double othersCpu) {
        return new Result("gate-suite", "profile", MACHINE, "", "main", T0.plusSeconds(60L * index), Map.of(),
                run(index, 5000, wobble(index), othersCpu).metrics());
    }

    private static EvaluationReport replay(Evaluation evaluation, List<Result> runs) {
        return evaluation.replay(runs, r -> r.tags().containsKey("delay"), "policy");
    }

    /** {@code runs} replayed as CI jobs ({@link Evaluation.Jobs#RERUN}), from an empty history of their own. */
    private EvaluationReport replayAsJobs(List<Result> runs) {
        store.close();
        store = Stores.open(directory.resolve("rerun.db").toString());
        return replay(evaluation(Evaluation.Jobs.RERUN), runs);
    }

    @Test
    void sameBuildRunsPassAndSlowedRunsAreCaughtAndBlamedOnPolicy() {
        List<Result> runs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            runs.add(run(i, i >= 10 && i % 2 == 1 ? 5000 : 0, wobble(i)));
        }
        Collections.reverse(runs);

        EvaluationReport report = replay(evaluation, runs);

        // Runs 0-4 build the history (undecided); 5-9 and the even runs from 10 are A/A checks.
        assertThat(report.warmUp()).isEqualTo(5);
        assertThat(report.falseAlarms()).isEqualTo(new Rate(0, 15));
        assertThat(report.detections()).isEqualTo(new Rate(10, 10));
        assertThat(report.namedStage()).isEqualTo(new Rate(10, 10));
        assertThat(report.namedOnlyStage()).isEqualTo(new Rate(10, 10));
        assertThat(report.alarmsByMetric(true)).containsEntry("profile.stage.policy.p50", 10)
                .doesNotContainKey("profile.stage.auth.p50");
        assertThat(report.text()).startsWith("""
                A/A false alarms (runs of the same build):     0 of 15 = 0.0% (95% CI 0.0–21.8%)
                A/B detections (runs with the slowdown):      10 of 10 = 100.0% (95% CI 69.2–100.0%)
                A/B verdicts naming policy:                   10 of 10 = 100.0% (95% CI 69.2–100.0%)
                A/B verdicts naming only policy:              10 of 10 = 100.0% (95% CI 69.2–100.0%)
                A/A undecided (disturbed machine, exit 2):    0 of 15 = 0.0% (95% CI 0.0–21.8%)
                A/B undecided (disturbed machine, exit 2):    0 of 10 = 0.0% (95% CI 0.0–30.8%)
                warm-up runs (history still too short):       5
                checks that took more runs (CI reruns):       0 of 25 = 0.0% (95% CI 0.0–13.7%)
                """);
    }

    @Test
    void slowedRunsNeverBecomeTheBaseline() {
        List<Result> runs = unchanged(6);
        for (int i = 6; i < 16; i++) {
            runs.add(run(i, 5000, wobble(i)));
        }

        EvaluationReport report = replay(evaluation, runs);

        assertThat(report.detections()).isEqualTo(new Rate(10, 10));
        assertThat(store.latest("gate-suite", "main").orElseThrow().result().time()).isEqualTo(T0.plusSeconds(300));
    }

    @Test
    void aVerdictThatBlamesAnotherStageCountsAsDetectedButMisnamed() {
        List<Result> runs = unchanged(6);
        Result slowedAuth = run(6, 0, wobble(6));
        List<Metric> metrics = new ArrayList<>();
        for (Metric metric : slowedAuth.metrics()) {
            boolean moves = metric.name().contains("auth") || metric.name().contains("overhead")
                    || metric.name().contains("total");
            metrics.add(Metric.of(metric.name(), metric.unit(), metric.better(), metric.value() + (moves ? 5000 : 0)));
        }
        runs.add(new Result("gate-suite", "profile", MACHINE, "", "main", slowedAuth.time(), Map.of("delay", "5us"),
                metrics));

        EvaluationReport report = replay(evaluation, runs);

        assertThat(report.detections()).isEqualTo(new Rate(1, 1));
        assertThat(report.namedStage()).isEqualTo(new Rate(0, 1));
        assertThat(report.checks().get(report.checks().size() - 1).named()).isEqualTo(Set.of("auth"));
    }

    @Test
    void aRerunJobFailsOnlyIfTheSecondRunAlarmsToo() {
        List<Result> runs = unchanged(12);
        // One run of the unchanged build with a policy stage as slow as a real slowdown's (a spike), then clean ones.
        Result spike = spiked(8, 40);
        runs.set(8, spike);

        EvaluationReport single = replay(evaluation, runs);
        EvaluationReport rerun = replayAsJobs(runs);

        assertThat(single.falseAlarms()).isEqualTo(new Rate(1, 7));
        // The spike's job took run 9 as its second run, which passed: six jobs, none failed.
        assertThat(rerun.falseAlarms()).isEqualTo(new Rate(0, 6));
        assertThat(rerun.rerun()).isEqualTo(new Rate(1, 6));
        assertThat(rerun.checks()).filteredOn(c -> c.runs() == 2).singleElement()
                .satisfies(c -> assertThat(c.time()).isEqualTo(spike.time()));
    }

    @Test
    void aRerunJobDecidesADisturbedRunAndKeepsAnAlarmTheSecondRunCannotRefute() {
        List<Result> runs = unchanged(6);
        runs.add(run(6, 5000, wobble(6), 90)); // other processes took 90% of the CPU: cannot decide
        runs.add(run(7, 0, wobble(7)));
        runs.add(run(8, 5000, wobble(8)));
        runs.add(run(9, 5000, wobble(9)));
        runs.add(run(10, 5000, wobble(10), 90));

        EvaluationReport single = replay(evaluation, runs);
        EvaluationReport rerun = replayAsJobs(runs);

        assertThat(single.detections()).isEqualTo(new Rate(2, 4));
        assertThat(single.undecided(true)).isEqualTo(new Rate(2, 4));
        assertThat(single.text()).contains("[profile.machine.others_cpu.mean +");
        // Jobs: run 6 decided by run 8; run 9's alarm stands, its second run (10) could not refute it.
        assertThat(rerun.detections()).isEqualTo(new Rate(2, 2));
        assertThat(rerun.rerun()).isEqualTo(new Rate(2, 4));
        assertThat(rerun.undecided(true)).isEqualTo(new Rate(0, 2));
        assertThat(rerun.namedOnlyStage()).isEqualTo(new Rate(2, 2));
        assertThat(rerun.falseAlarms()).isEqualTo(new Rate(0, 2));
    }

    @Test
    void aJobStillWaitingForItsSecondRunWhenTheSeriesEndsKeepsTheFirstVerdict() {
        List<Result> runs = unchanged(6);
        runs.add(run(6, 5000, wobble(6)));

        EvaluationReport rerun = replayAsJobs(runs);

        assertThat(rerun.detections()).isEqualTo(new Rate(1, 1));
        assertThat(rerun.checks()).filteredOn(Check::slowed).singleElement()
                .satisfies(c -> assertThat(c.runs()).isEqualTo(1));
        assertThat(rerun.rerun()).isEqualTo(new Rate(0, 2));
    }

    @Test
    void aDisturbedRunIsRunAgainUpToThreeRunsInAll() {
        List<Result> runs = unchanged(6);
        runs.add(run(6, 5000, wobble(6), 90));
        runs.add(run(7, 5000, wobble(7), 90));
        runs.add(run(8, 5000, wobble(8)));       // the third run of the first job decides it
        runs.add(run(9, 5000, wobble(9), 90));
        runs.add(run(10, 5000, wobble(10), 90));
        runs.add(run(11, 5000, wobble(11), 90)); // three disturbed runs: the second job cannot decide
        runs.add(run(12, 5000, wobble(12)));     // a job of its own

        EvaluationReport rerun = replayAsJobs(runs);

        List<Check> slowed = rerun.checks().stream().filter(Check::slowed).toList();
        assertThat(slowed).extracting(Check::runs).containsExactly(3, 3, 1);
        assertThat(slowed).extracting(c -> c.verdict().outcome())
                .containsExactly(Outcome.REGRESSION, Outcome.UNDECIDED, Outcome.REGRESSION);
        assertThat(rerun.detections()).isEqualTo(new Rate(2, 3));
        assertThat(rerun.text()).contains("REGRESSION (3 runs) named policy");
    }

    @Test
    void aDisturbedRunDecidesNothingSoAnAlarmWaitsForTheNextDecidedRun() {
        List<Result> runs = unchanged(8);
        // An unchanged run with a spike (an alarm), then one with a spike on a busy machine (disturbed, so
        // undecided), then a clean one: the clean one, the next decided run, refutes the alarm.
        runs.add(spiked(8, 40));
        runs.add(spiked(9, 90));
        runs.add(run(10, 0, wobble(10)));

        EvaluationReport rerun = replayAsJobs(runs);

        assertThat(rerun.checks()).last().satisfies(c -> {
            assertThat(c.runs()).isEqualTo(3);
            assertThat(c.verdict().outcome()).isEqualTo(Outcome.PASS);
        });
        assertThat(rerun.falseAlarms()).isEqualTo(new Rate(0, 4));
        assertThat(rerun.text()).contains("A/A PASS       (3 runs)");
    }
}
