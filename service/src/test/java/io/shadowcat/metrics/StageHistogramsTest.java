package io.shadowcat.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.shadowcat.profiler.Stage;
import io.shadowcat.profiler.analysis.ExchangeRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StageHistogramsTest {
    private static ExchangeRecord exchange(long authNanos, long upstreamNanos, long totalNanos) {
        long[] stages = new long[Stage.values().length];
        stages[Stage.AUTH.ordinal()] = authNanos;
        stages[Stage.UPSTREAM.ordinal()] = upstreamNanos;
        stages[Stage.TOTAL.ordinal()] = totalNanos;
        return ExchangeRecord.of(1, Instant.EPOCH, "ping", null, "demo", 200, 0, stages);
    }

    @Test
    void valuesLandInTheirUpperInclusiveBucketsAndSumsAreExact() {
        StageHistograms histograms = new StageHistograms();
        histograms.exchange(exchange(1_000, 2_000_000, 2_500_000), Instant.EPOCH);   // auth exactly 1 µs
        histograms.exchange(exchange(1_001, 30_000_000_000L, 30_000_100_000L), Instant.EPOCH); // upstream beyond 10 s

        MetricSnapshots snapshots = histograms.collect();
        HistogramSnapshot stages = named(snapshots, "shadowcat_stage_duration_seconds");
        var auth = stages.getDataPoints().stream().filter(p -> p.getLabels().get("stage").equals("auth")).findFirst().orElseThrow();
        var buckets = auth.getClassicBuckets();
        assertThat(buckets.getUpperBound(0)).isEqualTo(1e-6);
        assertThat(buckets.getCount(0)).isEqualTo(1);   // 1000 ns ≤ 1 µs
        assertThat(buckets.getCount(1)).isEqualTo(1);   // 1001 ns ≤ 2.5 µs
        assertThat(auth.getCount()).isEqualTo(2);
        assertThat(auth.getSum()).isEqualTo(2_001 / 1e9);

        var upstream = stages.getDataPoints().stream().filter(p -> p.getLabels().get("stage").equals("upstream")).findFirst().orElseThrow();
        int last = upstream.getClassicBuckets().size() - 1;
        assertThat(upstream.getClassicBuckets().getUpperBound(last)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(upstream.getClassicBuckets().getCount(last)).isEqualTo(1);

        HistogramSnapshot overhead = named(snapshots, "shadowcat_proxy_overhead_seconds");
        assertThat(overhead.getDataPoints().get(0).getSum()).isEqualTo(600_000 / 1e9);
    }

    private static HistogramSnapshot named(MetricSnapshots snapshots, String name) {
        return (HistogramSnapshot) snapshots.stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }
}
