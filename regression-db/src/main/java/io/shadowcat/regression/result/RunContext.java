package io.shadowcat.regression.result;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the command line knows about a run that a file may not carry: the suite, the commit and
 * branch CI is building, the time and the environment. Immutable.
 *
 * @param suite       the suite the files must belong to
 * @param commit      overrides the file's commit when present
 * @param branch      overrides the file's branch when present
 * @param time        the run's time for files that carry none (JMH)
 * @param environment the environment for files that carry none (JMH)
 */
public record RunContext(String suite, Optional<String> commit, Optional<String> branch, Instant time,
        Environment environment) {
    public RunContext {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(environment, "environment");
    }
}
