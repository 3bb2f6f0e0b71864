package io.shadowcat.profiler.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * Every column's distribution over a group of exchanges (all of them, one method, one tool), in
 * fixed memory whatever the number of exchanges: one auto-resizing HdrHistogram per column plus
 * exact sums and maxima.
 *
 * <p>Histograms record nanoseconds; a negative {@code unattributed} value (stages that overlapped)
 * is recorded as zero in the histogram but kept exactly in the sum. Not thread-safe; owned by the
 * analysis that fills it.
 */
public final class ColumnHistograms {
    private final AbstractHistogram[] histograms = new AbstractHistogram[Column.ALL.size()];
    private final long[] sums = new long[Column.ALL.size()];
    private final long[] maxima = new long[Column.ALL.size()];
    private long count;

    private ColumnHistograms(Supplier<AbstractHistogram> histogram) {
        for (int i = 0; i < histograms.length; i++) {
            histograms[i] = histogram.get();
            maxima[i] = Long.MIN_VALUE;
        }
    }

    /** Quantiles within 0.1%, for the breakdown of all exchanges. */
    public static ColumnHistograms precise() {
        return new ColumnHistograms(() -> new Histogram(3));
    }

    /**
     * Quantiles within 1%, with int counts: about a sixteenth of {@link #precise()}'s memory, for the
     * hundreds of per-method and per-tool rows a recording may need.
     */
    public static ColumnHistograms compact() {
        return new ColumnHistograms(() -> new IntCountsHistogram(2));
    }

    /** Adds one exchange. */
    public void record(ExchangeRecord exchange) {
        count++;
        for (int i = 0; i < histograms.length; i++) {
            long value = exchange.nanos()[i];
            histograms[i].recordValue(Math.max(0, value));
            sums[i] += value;
            maxima[i] = Math.max(maxima[i], value);
        }
    }

    /** Adds every exchange {@code other} holds, as if each had been recorded here. */
    public void add(ColumnHistograms other) {
        if (other.count == 0) {
            return;
        }
        count += other.count;
        for (int i = 0; i < histograms.length; i++) {
            histograms[i].add(other.histograms[i]);
            sums[i] += other.sums[i];
            maxima[i] = Math.max(maxima[i], other.maxima[i]);
        }
    }

    /**
     * Roughly what this holds on the heap, in bytes: the histograms' own estimates (their counts arrays, which
     * grow with the range of values recorded) plus the sums and maxima.
     */
    public long footprintBytes() {
        long bytes = 16L * histograms.length + 64;
        for (AbstractHistogram histogram : histograms) {
            bytes += histogram.getEstimatedFootprintInBytes();
        }
        return bytes;
    }

    /** How many exchanges were recorded. */
    public long count() {
        return count;
    }

    /** The histogram of {@code column}; callers must not modify it. */
    public AbstractHistogram histogram(Column column) {
        return histograms[column.index()];
    }

    /** The exact sum of {@code column}, in nanoseconds. */
    public long sum(Column column) {
        return sums[column.index()];
    }

    /** Every column's summary, in {@link Column#ALL} order. */
    public List<ColumnSummary> summaries() {
        List<ColumnSummary> out = new ArrayList<>(Column.ALL.size());
        for (Column column : Column.ALL) {
            out.add(summary(column));
        }
        return out;
    }

    /** One column's summary. */
    public ColumnSummary summary(Column column) {
        AbstractHistogram h = histograms[column.index()];
        long sum = sums[column.index()];
        long total = sums[Column.TOTAL.index()];
        long max = count == 0 ? 0 : maxima[column.index()];
        return new ColumnSummary(column.name(), count,
                quantile(h, 50, max), quantile(h, 90, max), quantile(h, 99, max), quantile(h, 99.9, max), max,
                count == 0 ? 0 : (double) sum / count, sum,
                total == 0 ? 0 : (double) sum / total);
    }

    // A histogram reports the top of a value's bucket; no quantile can exceed the exact maximum.
    private long quantile(AbstractHistogram h, double percentile, long max) {
        return count == 0 ? 0 : Math.min(h.getValueAtPercentile(percentile), Math.max(0, max));
    }

    /** {@code groups} ordered by exchange count, most first, then by name: how reports list methods and tools. */
    public static Map<String, ColumnHistograms> byCount(Map<String, ColumnHistograms> groups) {
        Map<String, ColumnHistograms> out = new LinkedHashMap<>();
        groups.entrySet().stream()
                .sorted((a, b) -> a.getValue().count() != b.getValue().count()
                        ? Long.compare(b.getValue().count(), a.getValue().count())
                        : a.getKey().compareTo(b.getKey()))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
