package io.shadowcat.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus counter family with fixed label names, such as
 * {@code shadowcat_policy_decisions_total{rule,outcome}}. Callers look a counter up once (when rules or
 * tiers load) and keep it, so counting is one {@link LongAdder#increment()}. Label values come from
 * configuration, never from requests, so the family stays bounded. Thread-safe.
 */
public final class LabelledCounters implements MultiCollector {
    private final String name;
    private final String help;
    private final String[] labelNames;
    private final Map<List<String>, LongAdder> counters = new ConcurrentHashMap<>();

    /** @param name the family name without {@code _total} */
    public LabelledCounters(String name, String help, String... labelNames) {
        this.name = Objects.requireNonNull(name, "name");
        this.help = Objects.requireNonNull(help, "help");
        this.labelNames = labelNames.clone();
    }

    /** The counter for {@code labelValues} (one per label name), created at 0 on first use. */
    public LongAdder counter(String... labelValues) {
        if (labelValues.length != labelNames.length) {
            throw new IllegalArgumentException("expected values for " + Arrays.toString(labelNames));
        }
        return counters.computeIfAbsent(List.of(labelValues), values -> new LongAdder());
    }

    @Override
    public MetricSnapshots collect() {
        CounterSnapshot.Builder family = CounterSnapshot.builder().name(name).help(help);
        counters.forEach((values, counter) -> family.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(Labels.of(labelNames, values.toArray(String[]::new))).value(counter.sum()).build()));
        return MetricSnapshots.of(family.build());
    }
}
