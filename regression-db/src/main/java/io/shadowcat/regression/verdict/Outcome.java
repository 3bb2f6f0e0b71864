package io.shadowcat.regression.verdict;

/** The answer a check gives CI, with its exit code. */
public enum Outcome {
    /** No metric regressed. */
    PASS(0),
    /** At least one metric regressed. */
    REGRESSION(1),
    /** Not enough history (or bad input): the gate cannot decide. */
    UNDECIDED(2);

    private final int exitCode;

    Outcome(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
