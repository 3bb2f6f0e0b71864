package io.shadowcat.regression.evaluation;

import io.shadowcat.regression.gate.Gate;
import io.shadowcat.regression.result.Result;
import io.shadowcat.regression.verdict.References;
import io.shadowcat.regression.verdict.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Measures the gate itself from real benchmark runs: the runs are replayed in the order they were
 * measured, as CI would see them. A run of the unchanged build is checked against the history
 * before it and then recorded (check, then record: the history grows as on a branch); a run with
 * the injected slowdown is checked and never recorded, so it cannot become anyone's baseline.
 * Checks made before the history had {@code minHistory} runs are warm-up and counted apart; every
 * later check counts, including those the gate left undecided because a same-run yardstick showed
 * a disturbed machine (for A/B runs they count as misses). Not thread-safe; the caller owns the
 * gate and its store, which should start empty.
 */
public final class Evaluation {
    private final Gate gate;
    private final String branch;
    private final References references;
    private final int minHistory;

    /**
     * @param references same-run references, passed to every check (their right-hand sides are yardsticks)
     * @param minHistory the gate's fewest baseline runs: checks before that many are warm-up
     */
    public Evaluation(Gate gate, String branch, References references, int minHistory) {
        this.gate = gate;
        this.branch = branch;
        this.references = references;
        this.minHistory = minHistory;
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
        int warmUp = 0;
        int recorded = 0;
        for (Result run : ordered) {
            Result onBranch = run.on(run.commit(), branch);
            boolean injected = slowed.test(run);
            if (recorded < minHistory) {
                warmUp++;
            } else {
                Verdict verdict = gate.check(onBranch, branch, references);
                checks.add(new Check(run.time(), injected, verdict, NamedStages.of(verdict)));
            }
            if (!injected) {
                gate.record(onBranch);
                recorded++;
            }
        }
        return new EvaluationReport(stage, checks, warmUp);
    }
}
