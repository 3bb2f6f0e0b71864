package io.shadowcat.bench;

import com.sun.management.OperatingSystemMXBean;
import io.shadowcat.metrics.StageHistograms;
import io.shadowcat.profiler.ExchangeEvent;
import io.shadowcat.profiler.FlightRecording;
import io.shadowcat.profiler.Stage;
import io.shadowcat.profiler.analysis.ExchangeRecord;
import io.shadowcat.profiler.live.ExchangeFeed;
import io.shadowcat.profiler.live.LiveBreakdown;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * The exchange event's cost in CPU time rather than wall time, so that other processes on a busy
 * machine do not blur it: per exchange, the committing thread's CPU time and the whole process's (which
 * adds JFR's own threads, the live feed's aggregation, and GC). The settings alternate
 * round by round in one JVM, side by side:
 * <ul>
 *   <li>{@code none}: no recording at all;</li>
 *   <li>{@code disabled}: the JDK default recording running, the exchange event off;</li>
 *   <li>{@code enabled}: the proxy's continuous recording (default settings + {@code shadowcat.jfc});</li>
 *   <li>{@code enabled-live}: that plus the live breakdown's exchange feed, windows and Prometheus histograms.</li>
 * </ul>
 *
 * <pre>java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) io.shadowcat.bench.ExchangeEventCpuCost [rounds] [exchanges]</pre>
 */
public final class ExchangeEventCpuCost {
    private static final List<String> MODES = List.of("none", "disabled", "enabled", "enabled-live");

    private ExchangeEventCpuCost() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int exchanges = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        MODES.forEach(m -> results.put(m, new ArrayList<>()));
        for (int warm = 0; warm < 3; warm++) {
            for (String mode : MODES) {
                measure(mode, exchanges / 3, os, threads);
            }
        }
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(MODES);
            Collections.rotate(order, round);
            for (String mode : order) {
                double[] costs = measure(mode, exchanges, os, threads);
                results.get(mode).add(costs);
                System.out.printf(Locale.ROOT, "round %d %-13s thread %7.0f ns  process %7.0f ns per exchange%n",
                        round + 1, mode, costs[0], costs[1]);
            }
        }
        System.out.printf(Locale.ROOT, "%n%-13s %22s %22s%n", "exchange", "thread CPU ns (median)", "process CPU ns (median)");
        for (String mode : MODES) {
            System.out.printf(Locale.ROOT, "%-13s %22.0f %22.0f%n", mode, median(results.get(mode), 0), median(results.get(mode), 1));
        }
        System.out.printf(Locale.ROOT, "%nof which the live aggregation alone (windows + Prometheus histograms): %.0f ns thread CPU per exchange%n",
                aggregationOnly(threads, exchanges));
        System.out.printf(Locale.ROOT, "rounds=%d exchanges per round=%d; modes alternate in one JVM%n", rounds, exchanges);
    }

    /** Thread CPU ns per exchange spent in the listeners alone, on records already read. */
    private static double aggregationOnly(ThreadMXBean threads, int count) {
        LiveBreakdown breakdown = new LiveBreakdown(List.of(Duration.ofMinutes(1), Duration.ofMinutes(10)), 6, 50, System::currentTimeMillis);
        StageHistograms histograms = new StageHistograms();
        ExchangeRecord[] records = new ExchangeRecord[1024];
        for (int i = 0; i < records.length; i++) {
            long[] stages = new long[Stage.values().length];
            for (Stage stage : Stage.values()) {
                stages[stage.ordinal()] = 2_000L + (i * 7919L + stage.ordinal() * 104_729L) % 50_000L;
            }
            stages[Stage.TOTAL.ordinal()] = 500_000L;
            records[i] = ExchangeRecord.of(i, Instant.now(), i % 3 == 0 ? "tools/list" : "tools/call",
                    i % 3 == 0 ? null : "tool-" + (i % 5), "demo", 200, 0, stages);
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long t0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < count; i++) {
                ExchangeRecord record = records[i & (records.length - 1)];
                Instant end = Instant.now();
                breakdown.exchange(record, end);
                histograms.exchange(record, end);
            }
            best = Math.min(best, (threads.getCurrentThreadCpuTime() - t0) / (double) count);
        }
        return best;
    }

    /** Runs {@code count} exchanges under {@code mode}; returns thread and process CPU ns per exchange. */
    private static double[] measure(String mode, int count, OperatingSystemMXBean os, ThreadMXBean threads) throws Exception {
        Recording disabled = null;
        FlightRecording continuous = null;
        ExchangeFeed live = null;
        LiveBreakdown breakdown = null;
        switch (mode) {
            case "none" -> {
            }
            case "disabled" -> {
                disabled = new Recording(Configuration.getConfiguration("default"));
                disabled.disable(ExchangeEvent.NAME);
                disabled.start();
            }
            case "enabled" -> continuous = FlightRecording.start(null, Duration.ofMinutes(1), 64L << 20);
            default -> {
                continuous = FlightRecording.start(null, Duration.ofMinutes(1), 64L << 20);
                breakdown = new LiveBreakdown(List.of(Duration.ofMinutes(1), Duration.ofMinutes(10)), 6, 50, System::currentTimeMillis);
                live = new ExchangeFeed(List.of(breakdown, new StageHistograms()), ExchangeFeed.DEFAULT_CAPACITY);
                live.start();
            }
        }
        Thread.sleep(1500);
        long process0 = os.getProcessCpuTime();
        long thread0 = threads.getCurrentThreadCpuTime();
        long sink = 0;
        for (int i = 0; i < count; i++) {
            sink += ExchangeEventBenchmark.timedExchange(live);
        }
        long thread1 = threads.getCurrentThreadCpuTime();
        // Give JFR time to flush and the feed time to deliver everything, the same wait in every mode.
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (breakdown != null && breakdown.recorded() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
        long process1 = os.getProcessCpuTime();
        if (breakdown != null && breakdown.recorded() < count) {
            System.out.printf("note: the live feed delivered %d of %d exchanges in time%n", breakdown.recorded(), count);
        }
        if (live != null) {
            live.close();
        }
        if (continuous != null) {
            continuous.close();
        }
        if (disabled != null) {
            disabled.close();
        }
        if (sink == 42) {
            System.out.print("");
        }
        return new double[] {(thread1 - thread0) / (double) count, (process1 - process0) / (double) count};
    }

    private static double median(List<double[]> values, int index) {
        double[] sorted = values.stream().mapToDouble(v -> v[index]).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
