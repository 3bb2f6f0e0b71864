package io.shadowcat.bench;

import io.shadowcat.metrics.StageHistograms;
import io.shadowcat.profiler.Stage;
import io.shadowcat.profiler.analysis.ExchangeRecord;
import io.shadowcat.profiler.live.LiveBreakdown;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the live stream's thread spends aggregating one exchange, after JFR has parsed it: the rolling
 * windows' histograms (2 windows, by stage, method and tool) and the Prometheus stage histograms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LiveAggregationBenchmark {
    private LiveBreakdown breakdown;
    private StageHistograms histograms;
    private ExchangeRecord[] exchanges;
    private int next;

    @Setup
    public void setUp() {
        breakdown = new LiveBreakdown(List.of(Duration.ofMinutes(1), Duration.ofMinutes(10)), 6, 50, System::currentTimeMillis);
        histograms = new StageHistograms();
        exchanges = new ExchangeRecord[1024];
        for (int i = 0; i < exchanges.length; i++) {
            long[] stages = new long[Stage.values().length];
            for (Stage stage : Stage.values()) {
                stages[stage.ordinal()] = 2_000L + (i * 7919L + stage.ordinal() * 104_729L) % 50_000L;
            }
            stages[Stage.TOTAL.ordinal()] = 500_000L;
            exchanges[i] = ExchangeRecord.of(i, Instant.now(), i % 3 == 0 ? "tools/list" : "tools/call",
                    i % 3 == 0 ? null : "tool-" + (i % 5), "demo", 200, 0, stages);
        }
    }

    @Benchmark
    public void aggregate() {
        ExchangeRecord exchange = exchanges[next++ & (exchanges.length - 1)];
        Instant end = Instant.now();
        breakdown.exchange(exchange, end);
        histograms.exchange(exchange, end);
    }
}
