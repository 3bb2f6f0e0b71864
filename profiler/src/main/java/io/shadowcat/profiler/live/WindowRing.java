package io.shadowcat.profiler.live;

import io.shadowcat.profiler.analysis.ColumnHistograms;
import io.shadowcat.profiler.analysis.ExchangeRecord;
import io.shadowcat.profiler.analysis.RecordingAnalyzer;
import java.util.HashMap;
import java.util.Map;

/**
 * One rolling window as a ring of equal time slices, each with its own histograms: recording goes to
 * the slice its end time falls in, a slice that comes round again is cleared, and a view of the window
 * merges the slices still inside it. The window therefore advances a slice at a time.
 *
 * <p>Not thread-safe: {@link LiveBreakdown} serialises access.
 */
final class WindowRing {
    private final long sliceMillis;
    private final Slice[] slices;
    private final int maxGroups;

    WindowRing(long windowMillis, int sliceCount, int maxGroups) {
        this.sliceMillis = Math.max(1, windowMillis / sliceCount);
        this.slices = new Slice[sliceCount];
        this.maxGroups = maxGroups;
    }

    /** Records {@code exchange}, which ended at {@code endMillis}; false if it is older than the window at {@code nowMillis}. */
    boolean record(ExchangeRecord exchange, long endMillis, long nowMillis) {
        long index = Math.floorDiv(endMillis, sliceMillis);
        if (index <= Math.floorDiv(nowMillis, sliceMillis) - slices.length) {
            return false;
        }
        int position = (int) Math.floorMod(index, (long) slices.length);
        Slice slice = slices[position];
        if (slice == null || slice.index < index) {
            slice = new Slice(index);
            slices[position] = slice;
        } else if (slice.index > index) {
            return false;
        }
        slice.all.record(exchange);
        group(slice.byMethod, exchange.method() == null ? RecordingAnalyzer.NO_METHOD : exchange.method()).record(exchange);
        if (exchange.tool() != null) {
            group(slice.byTool, exchange.tool()).record(exchange);
        }
        return true;
    }

    private ColumnHistograms group(Map<String, ColumnHistograms> groups, String key) {
        ColumnHistograms existing = groups.get(key);
        if (existing != null) {
            return existing;
        }
        String row = groups.size() < maxGroups ? key : RecordingAnalyzer.OTHER;
        return groups.computeIfAbsent(row, k -> ColumnHistograms.compact());
    }

    /** The first instant, in epoch milliseconds, that the window holds at {@code nowMillis}. */
    long fromMillis(long nowMillis) {
        return (Math.floorDiv(nowMillis, sliceMillis) - slices.length + 1) * sliceMillis;
    }

    /** Merges the slices inside the window at {@code nowMillis} into {@code into}. */
    void mergeInto(long nowMillis, Merged into) {
        long newest = Math.floorDiv(nowMillis, sliceMillis);
        for (Slice slice : slices) {
            if (slice != null && slice.index > newest - slices.length && slice.index <= newest) {
                into.all.add(slice.all);
                slice.byMethod.forEach((k, v) -> into.byMethod.computeIfAbsent(k, x -> ColumnHistograms.compact()).add(v));
                slice.byTool.forEach((k, v) -> into.byTool.computeIfAbsent(k, x -> ColumnHistograms.compact()).add(v));
            }
        }
    }

    /** A window's slices merged: fresh histograms owned by the caller. */
    static final class Merged {
        final ColumnHistograms all = ColumnHistograms.compact();
        final Map<String, ColumnHistograms> byMethod = new HashMap<>();
        final Map<String, ColumnHistograms> byTool = new HashMap<>();
    }

    private static final class Slice {
        final long index;
        final ColumnHistograms all = ColumnHistograms.compact();
        final Map<String, ColumnHistograms> byMethod = new HashMap<>();
        final Map<String, ColumnHistograms> byTool = new HashMap<>();

        Slice(long index) {
            this.index = index;
        }
    }
}
