package io.shadowcat.regression.result;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One benchmark run: what was measured, where and on which commit. Immutable; the time is kept
 * to the millisecond so that a result survives every store and export unchanged.
 *
 * @param suite       the benchmark suite, e.g. {@code proxy-smoke}
 * @param source      what produced it: {@code profile}, {@code gatling}, {@code jmh}, {@code wrk}
 *                    (several joined with {@code +} when files were combined)
 * @param environment where it ran
 * @param commit      the commit measured, may be empty
 * @param branch      the branch the commit belongs to
 * @param time        when it ran
 * @param tags        free-form labels, sorted by key
 * @param metrics     the figures, in file order, names unique
 */
public record Result(String suite, String source, Environment environment, String commit, String branch,
        Instant time, Map<String, String> tags, List<Metric> metrics) {
    public Result {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(branch, "branch");
        time = time.truncatedTo(ChronoUnit.MILLIS);
        tags = Collections.unmodifiableMap(new TreeMap<>(tags));
        metrics = List.copyOf(metrics);
        if (metrics.stream().map(Metric::name).distinct().count() != metrics.size()) {
            throw new IllegalArgumentException("metric names must be unique in a run");
        }
    }

    public Optional<Metric> metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The same run on another commit and branch (CI knows them better than the benchmark). */
    public Result on(String newCommit, String newBranch) {
        return new Result(suite, source, environment, newCommit, newBranch, time, tags, metrics);
    }

    /** The same run with other metrics (normalized ones, or the same ones in another unit). */
    public Result withMetrics(List<Metric> newMetrics) {
        return new Result(suite, source, environment, commit, branch, time, tags, newMetrics);
    }

    /** A content key: equal results have equal keys, so recording or importing twice is a no-op. */
    public String key() {
        return Environment.sha256(ResultJson.canonical(this));
    }
}
