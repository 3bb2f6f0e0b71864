package io.shadowcat.regression.verdict;

import io.shadowcat.regression.result.Metric;
import io.shadowcat.regression.result.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Same-run references: a metric divided by one measured in the same run under the same
 * conditions (the proxied p50 by the direct-to-upstream p50). The machine's speed divides out,
 * so such ratios can be compared with history from other environments when this one has too
 * little. Immutable.
 */
public final class References {
    /** Prefix of a normalized metric's name: {@code normalized.<metric>}. */
    public static final String PREFIX = "normalized.";

    private final Map<String, String> references;

    private References(Map<String, String> references) {
        this.references = Map.copyOf(references);
    }

    public static References none() {
        return new References(Map.of());
    }

    /** Parses {@code METRIC=REFERENCE} pairs, e.g. {@code wrk.proxied.p50=wrk.direct.p50}. */
    public static References parse(List<String> specs) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String spec : specs) {
            int equals = spec.indexOf('=');
            if (equals <= 0 || equals == spec.length() - 1) {
                throw new IllegalArgumentException("expected METRIC=REFERENCE such as "
                        + "'wrk.proxied.p50=wrk.direct.p50', got '" + spec + "'");
            }
            pairs.put(spec.substring(0, equals).trim(), spec.substring(equals + 1).trim());
        }
        return new References(pairs);
    }

    /** The reference metrics (the right-hand sides): the run's yardsticks. */
    public Set<String> referenceMetrics() {
        return Set.copyOf(references.values());
    }

    public boolean isEmpty() {
        return references.isEmpty();
    }

    /** The run's normalized metrics (those whose metric and reference it holds); none may be empty. */
    public Result normalize(Result run) {
        List<Metric> metrics = new ArrayList<>();
        references.forEach((name, reference) -> {
            Optional<Metric> metric = run.metric(name);
            Optional<Metric> base = run.metric(reference);
            if (metric.isPresent() && base.isPresent() && base.get().value() != 0) {
                metrics.add(Metric.of(PREFIX + name, "ratio", metric.get().better(),
                        metric.get().value() / base.get().value()));
            }
        });
        return new Result(run.suite(), run.source(), run.environment(), run.commit(), run.branch(), run.time(),
                run.tags(), metrics);
    }
}
