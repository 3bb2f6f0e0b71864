package io.shadowcat.regression.verdict;

import io.shadowcat.regression.result.Metric;
import io.shadowcat.regression.result.Result;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Same-run references: a metric divided by one measured in the same run under the same
 * conditions (the proxied p50 by the direct-to-upstream p50). The machine's speed divides out,
 * so such ratios can be compared with history from other environments when this one has too
 * little. Every reference is also a yardstick of machine disturbance (see {@link Checker}), and so
 * is a metric given as a yardstick alone (how busy the machine was, {@code profile.machine.others_cpu.mean}).
 * Immutable.
 */
public final class References {
    /** Prefix of a normalized metric's name: {@code normalized.<metric>}. */
    public static final String PREFIX = "normalized.";

    private final Map<String, String> references;
    private final Set<String> yardsticks;

    private References(Map<String, String> references, Set<String> yardsticks) {
        this.references = Map.copyOf(references);
        this.yardsticks = Set.copyOf(yardsticks);
    }

    public static References none() {
        return new References(Map.of(), Set.of());
    }

    /** {@link #parse} of {@code specs} plus metrics that are yardsticks only; either may be null (none). */
    public static References of(List<String> specs, List<String> yardsticks) {
        References parsed = specs == null ? none() : parse(specs);
        return yardsticks == null ? parsed : new References(parsed.references, Set.copyOf(yardsticks));
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
        return new References(pairs, Set.of());
    }

    /** The run's yardsticks: the reference metrics (the right-hand sides) and the yardsticks given alone. */
    public Set<String> referenceMetrics() {
        Set<String> all = new HashSet<>(references.values());
        all.addAll(yardsticks);
        return Set.copyOf(all);
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
        return run.withMetrics(metrics);
    }
}
