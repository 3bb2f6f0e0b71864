package io.shadowcat.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.shadowcat.profiler.Stage;
import io.shadowcat.profiler.analysis.Column;
import io.shadowcat.profiler.analysis.ExchangeRecord;
import io.shadowcat.profiler.live.ExchangeListener;
import java.time.Instant;
import java.util.Arrays;

/**
 * Prometheus histograms of every stage ({@code shadowcat_stage_duration_seconds{stage}}) and of the
 * proxy overhead ({@code shadowcat_proxy_overhead_seconds}, {@code total − upstream}), fed from the
 * live JFR stream, with buckets from 1 µs to 10 s (1-2.5-5 steps) so that {@code histogram_quantile}
 * resolves the microsecond stages as well as a slow upstream.
 *
 * <p>Thread-safe: one stream thread records, scrapes copy under the same lock; request threads never
 * touch it.
 */
public final class StageHistograms implements ExchangeListener, MultiCollector {
    /** Bucket upper bounds in seconds; the last bucket is +Inf. */
    static final double[] BOUNDS = {1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3,
        1e-2, 2.5e-2, 5e-2, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, Double.POSITIVE_INFINITY};
    private static final long[] BOUNDS_NANOS = new long[BOUNDS.length - 1];
    private static final Stage[] STAGES = Stage.values();
    private static final int OVERHEAD = STAGES.length;

    static {
        for (int i = 0; i < BOUNDS_NANOS.length; i++) {
            BOUNDS_NANOS[i] = Math.round(BOUNDS[i] * 1e9);
        }
    }

    // Per row (each stage, then overhead): per-bucket counts, and the sum in nanoseconds.
    private final long[][] counts = new long[STAGES.length + 1][BOUNDS.length];
    private final long[] sums = new long[STAGES.length + 1];

    @Override
    public synchronized void exchange(ExchangeRecord exchange, Instant end) {
        for (Stage stage : STAGES) {
            record(stage.ordinal(), exchange.nanos(Column.of(stage)));
        }
        record(OVERHEAD, exchange.nanos(Column.OVERHEAD));
    }

    private void record(int row, long nanos) {
        long value = Math.max(0, nanos);
        // Prometheus buckets are upper-inclusive: a value equal to a bound belongs to that bound's bucket.
        int found = Arrays.binarySearch(BOUNDS_NANOS, value);
        int bucket = found >= 0 ? found : -found - 1;
        counts[row][bucket]++;
        sums[row] += value;
    }

    @Override
    public MetricSnapshots collect() {
        long[][] countsCopy = new long[counts.length][];
        long[] sumsCopy;
        synchronized (this) {
            for (int i = 0; i < counts.length; i++) {
                countsCopy[i] = counts[i].clone();
            }
            sumsCopy = sums.clone();
        }
        HistogramSnapshot.Builder stages = HistogramSnapshot.builder().name("shadowcat_stage_duration_seconds")
                .help("Time each exchange spent in each stage");
        for (Stage stage : STAGES) {
            stages.dataPoint(point(countsCopy[stage.ordinal()], sumsCopy[stage.ordinal()], Labels.of("stage", stage.wireName())));
        }
        HistogramSnapshot overhead = HistogramSnapshot.builder().name("shadowcat_proxy_overhead_seconds")
                .help("The proxy's own time per exchange: total minus upstream")
                .dataPoint(point(countsCopy[OVERHEAD], sumsCopy[OVERHEAD], Labels.EMPTY)).build();
        return MetricSnapshots.of(stages.build(), overhead);
    }

    private static HistogramSnapshot.HistogramDataPointSnapshot point(long[] counts, long sumNanos, Labels labels) {
        return HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(labels)
                .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS, counts)).sum(sumNanos / 1e9).build();
    }
}
