package io.shadowcat.regression.evaluation;

import io.shadowcat.regression.gate.Gate;
import io.shadowcat.regression.result.Result;
import io.shadowcat.regression.verdict.Outcome;
import io.shadowcat.regression.verdict.Checker;
import io.shadowcat.regression.verdict.References;
import io.shadowcat.regression.verdict.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Measures the gate itself from real benchmark runs: the runs are replayed in the order they were
 * measured, as CI would see them. A run of the unchanged build is checked against the history
 * before it and then recorded (check, then record: the history grows as on a branch); a run with
 * the injected slowdown is checked and never recorded, so it cannot become anyone's baseline.
 * Checks made before the history had {@code minHistory} runs are warm-up and counted apart; every
 * later check counts, including those the gate left undecided because a same-run yardstick showed
 * a disturbed machine (for A/B runs they count as misses).
 *
 * <p>With {@link Jobs#RERUN} a check models a CI job ({@code gatling/run-bench --rerun}) that runs
 * the suite again when a run alarmed or could not be decided because the machine was disturbed
 * ({@link Checker#disturbed}; too little history is not worth another run). A disturbed run decides
 * nothing: the job runs again, up to {@value #MAX_RUNS} runs in all. An alarm on the first run
 * stands unless the next decided run passes (or no run decides); otherwise the first decided run's
 * verdict is the job's. The next run of the same kind (A/A or A/B) in the series is that
 * next run; it is checked against
 * the history as it stands then (the first run of such a job is not recorded, its second is if
 * unchanged; in an interleaved series an A/A run in between may have been recorded meanwhile). A
 * job still waiting for its second run when the series ends keeps the first run's verdict. Not thread-safe; the
 * caller owns the gate and its store, which should start empty.
 */
public final class Evaluation {
    /** What one CI job does with the gate. */
    public enum Jobs {
        /** One run, one check. */
        SINGLE,
        /**
         * Another run after an alarm or a disturbed run, while runs are disturbed, up to
         * {@link #MAX_RUNS}: an alarm stands unless the next decided run passes; a disturbed run
         * takes the next decided run's verdict.
         */
        RERUN
    }

    /** The most runs a CI job makes: a disturbed run is run again, twice at most. */
    public static final int MAX_RUNS = 3;
    private final Gate gate;
    private final String branch;
    private final References references;
    private final int minHistory;
    private final Jobs jobs;

    /**
     * @param references same-run references, passed to every check (their right-hand sides are yardsticks)
     * @param minHistory the gate's fewest baseline runs: checks before that many are warm-up
     */
    public Evaluation(Gate gate, String branch, References references, int minHistory, Jobs jobs) {
        this.gate = gate;
        this.branch = branch;
        this.references = references;
        this.minHistory = minHistory;
        this.jobs = jobs;
    }

    /**
     * @param runs   the runs, in any order (they are replayed by their time)
     * @param slowed which runs carry the injected slowdown
     * @param stage  the stage the slowdown was injected into, which an A/B verdict should name
     */
    public EvaluationReport replay(List<Result> runs, Predicate<Result> slowed, String stage) {
        List<Result> ordered = new ArrayList<>(runs);
        ordered.sort(Comparator.comparing(Result::time));
        List<Check> checks = new ArrayList<>();
        // A job whose last run alarmed (first run) or was disturbed, by kind (A/A or A/B), waiting for its next run.
        Map<Kind, Check> waiting = new EnumMap<>(Kind.class);
        int warmUp = 0;
        int recorded = 0;
        for (Result run : ordered) {
            Result onBranch = run.on(run.commit(), branch);
            boolean injected = slowed.test(run);
            Kind kind = injected ? Kind.SLOWED : Kind.SAME;
            if (recorded < minHistory) {
                warmUp++;
                record(onBranch, injected);
                recorded += injected ? 0 : 1;
                continue;
            }
            Verdict verdict = gate.check(onBranch, branch, references);
            Check earlier = waiting.remove(kind);
            if (earlier != null) {
                boolean disturbed = Checker.disturbed(verdict);
                Verdict job = disturbed || earlier.alarmed() && verdict.outcome() != Outcome.PASS
                        ? earlier.verdict() : verdict;
                Check check = new Check(earlier.time(), injected, job, NamedStages.of(job), earlier.runs() + 1);
                if (disturbed && check.runs() < MAX_RUNS) {
                    waiting.put(kind, check); // a disturbed run decides nothing: one more run
                    continue;
                }
                checks.add(check);
            } else if (jobs == Jobs.RERUN && (verdict.outcome() == Outcome.REGRESSION || Checker.disturbed(verdict))) {
                waiting.put(kind, new Check(run.time(), injected, verdict, NamedStages.of(verdict), 1));
                continue;
            } else {
                checks.add(new Check(run.time(), injected, verdict, NamedStages.of(verdict), 1));
            }
            record(onBranch, injected);
            recorded += injected ? 0 : 1;
        }
        checks.addAll(waiting.values());
        checks.sort(Comparator.comparing(Check::time));
        return new EvaluationReport(stage, checks, warmUp);
    }

    private void record(Result run, boolean injected) {
        if (!injected) {
            gate.record(run);
        }
    }

    private enum Kind { SAME, SLOWED }
}
