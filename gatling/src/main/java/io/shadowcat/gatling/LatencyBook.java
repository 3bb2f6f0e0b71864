package io.shadowcat.gatling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Client-side latencies of one suite run, at nanosecond resolution (Gatling's own statistics are in whole
 * milliseconds): one HdrHistogram of successful exchanges plus outcome counts per path ({@code proxy},
 * {@code direct}), operation ({@code tools_call}, …) and phase (a step of a stepped load, {@code all} otherwise).
 * Paths whose name starts with {@code warmup} or {@code setup} are not recorded.
 *
 * <p>Thread-safe: virtual users record from every Gatling event loop at once; reads happen after the run.
 */
public final class LatencyBook {
    /** The phase of an unphased exchange. */
    public static final String ALL = "all";
    private static final long HIGHEST_NANOS = 120_000_000_000L;

    private final Map<Key, Cell> cells = new ConcurrentHashMap<>();
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Map<String, Phases> phases = new ConcurrentHashMap<>();
    private final Map<String, LongFunction<String>> classifiers = new ConcurrentHashMap<>();

    /** Splits the path's exchanges by the time since its first exchange started into consecutive named phases. */
    public void phased(String path, List<String> names, List<Long> lengthsNanos) {
        phases.put(path, new Phases(List.copyOf(names), List.copyOf(lengthsNanos)));
    }

    /** Names the phase of each of the path's exchanges from its start ({@link System#nanoTime()}). */
    public void classified(String path, LongFunction<String> phaseOfStart) {
        classifiers.put(path, phaseOfStart);
    }

    /**
     * Records one exchange that started at {@code startNanos} ({@link System#nanoTime()}) and ended now.
     *
     * @param outcome {@code ok}, or why it failed: {@code status_503}, {@code no_response}, {@code check}, …
     */
    public void record(String path, String op, long startNanos, long endNanos, boolean ok, String outcome) {
        if (path.startsWith("warmup") || path.startsWith("setup")) {
            return;
        }
        Window window = windows.computeIfAbsent(path, p -> new Window());
        window.first.accumulateAndGet(startNanos, Math::min);
        window.last.accumulateAndGet(endNanos, Math::max);
        LongFunction<String> classifier = classifiers.get(path);
        String phase = classifier != null ? classifier.apply(startNanos)
                : Optional.ofNullable(phases.get(path)).map(p -> p.at(startNanos - window.first.get())).orElse(ALL);
        Cell cell = cells.computeIfAbsent(new Key(path, op, phase), k -> new Cell());
        if (ok) {
            cell.latencies.recordValue(Math.min(Math.max(1, endNanos - startNanos), HIGHEST_NANOS));
        } else {
            cell.ko.increment();
        }
        cell.outcomes.computeIfAbsent(outcome, o -> new LongAdder()).increment();
    }

    /** The paths that recorded anything. */
    public List<String> paths() {
        return new ArrayList<>(windows.keySet());
    }

    /**
     * When the path's first recorded exchange started, on the wall clock (to the precision of converting
     * {@link System#nanoTime()}); empty if it recorded none. A profile of the proxy can leave out what came before.
     */
    public Optional<Instant> started(String path) {
        Window window = windows.get(path);
        if (window == null) {
            return Optional.empty();
        }
        long agoNanos = System.nanoTime() - window.first.get();
        return Optional.of(Instant.now().minusNanos(agoNanos));
    }

    /** The exchanges of one path, operation and phase; {@code null} phase merges every phase. */
    public Summary summary(String path, String op, String phase) {
        Histogram merged = new Histogram(3);
        long ko = 0;
        Map<String, Long> outcomes = new java.util.TreeMap<>();
        for (Map.Entry<Key, Cell> entry : cells.entrySet()) {
            Key key = entry.getKey();
            if (key.path.equals(path) && (op == null || key.op.equals(op)) && (phase == null || key.phase.equals(phase))) {
                merged.add(entry.getValue().latencies);
                ko += entry.getValue().ko.sum();
                entry.getValue().outcomes.forEach((name, count) -> outcomes.merge(name, count.sum(), Long::sum));
            }
        }
        return new Summary(merged, ko, outcomes);
    }

    /** The operations recorded on a path. */
    public List<String> ops(String path) {
        return cells.keySet().stream().filter(k -> k.path.equals(path)).map(k -> k.op).distinct().sorted().toList();
    }

    /** Seconds from the first exchange's start to the last exchange's end on a path; 0 if none. */
    public double seconds(String path) {
        Window window = windows.get(path);
        return window == null ? 0 : (window.last.get() - window.first.get()) / 1e9;
    }

    /** Successful exchanges in a histogram (ns), failures counted, outcomes by name. Not thread-safe. */
    public record Summary(Histogram latencies, long ko, Map<String, Long> outcomes) {
        public long ok() {
            return latencies.getTotalCount();
        }

        public long total() {
            return ok() + ko;
        }
    }

    private record Key(String path, String op, String phase) {
    }

    private static final class Cell {
        final ConcurrentHistogram latencies = new ConcurrentHistogram(1, HIGHEST_NANOS, 3);
        final LongAdder ko = new LongAdder();
        final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    }

    private static final class Window {
        final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong last = new AtomicLong(Long.MIN_VALUE);
    }

    private record Phases(List<String> names, List<Long> lengths) {
        String at(long elapsed) {
            long end = 0;
            for (int i = 0; i < names.size(); i++) {
                end += lengths.get(i);
                if (elapsed < end) {
                    return names.get(i);
                }
            }
            return names.get(names.size() - 1);
        }
    }
}
