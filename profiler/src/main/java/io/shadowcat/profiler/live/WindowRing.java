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
 * <p>Rings can be chained from the finest slices to coarser ones ({@link #foldInto}): an exchange is
 * recorded once, in the finest ring, and a slice that leaves a ring is merged whole into the coarser
 * ring's slice it falls in, so a longer window costs a merge every slice rather than a second record per
 * exchange. A view of a chained ring therefore also merges the finer rings' slices that are inside its
 * window: every exchange is in exactly one slice of the chain.
 *
 * <p>Not thread-safe: {@link LiveBreakdown} serialises access.
 */
final class WindowRing {
    private final long sliceMillis;
    private final Slice[] slices;
    private final int maxGroups;
    private WindowRing coarser;
    private WindowRing finer;

    WindowRing(long windowMillis, int sliceCount, int maxGroups) {
        this.sliceMillis = Math.max(1, windowMillis / sliceCount);
        this.slices = new Slice[sliceCount];
        this.maxGroups = maxGroups;
    }

    long sliceMillis() {
        return sliceMillis;
    }

    /** Whether slices of this ring can fold whole into {@code other}'s: its slices are a multiple of these. */
    boolean canFoldInto(WindowRing other) {
        return other.sliceMillis > sliceMillis && other.sliceMillis % sliceMillis == 0;
    }

    /** From now on, slices leaving this ring are merged into {@code ring}'s. */
    void foldInto(WindowRing ring) {
        this.coarser = ring;
        ring.finer = this;
    }

    WindowRing coarser() {
        return coarser;
    }

    boolean chained() {
        return finer != null;
    }

    /** Records {@code exchange}, which ended at {@code endMillis}; false if it is older than the window at {@code nowMillis}. */
    boolean record(ExchangeRecord exchange, long endMillis, long nowMillis) {
        Slice slice = slice(Math.floorDiv(endMillis, sliceMillis), nowMillis);
        if (slice == null) {
            return false;
        }
        slice.all.record(exchange);
        group(slice.byMethod, exchange.method() == null ? RecordingAnalyzer.NO_METHOD : exchange.method()).record(exchange);
        if (exchange.tool() != null) {
            group(slice.byTool, exchange.tool()).record(exchange);
        }
        return true;
    }

    /**
     * The slice with {@code index}, made (and the one it replaces folded into the coarser ring) if need
     * be; null if that slice is no longer inside the window at {@code nowMillis}.
     */
    private Slice slice(long index, long nowMillis) {
        if (index <= Math.floorDiv(nowMillis, sliceMillis) - slices.length) {
            return null;
        }
        int position = (int) Math.floorMod(index, (long) slices.length);
        Slice slice = slices[position];
        if (slice == null || slice.index < index) {
            if (slice != null && coarser != null) {
                coarser.absorb(slice, sliceMillis, nowMillis);
            }
            slice = new Slice(index);
            slices[position] = slice;
        } else if (slice.index > index) {
            return null;
        }
        return slice;
    }

    /**
     * Merges a finer ring's slice that left it into the slice of this ring it falls in; if that is no
     * longer inside this window (after an idle spell), into a coarser ring's, and so on down the chain.
     */
    private void absorb(Slice finer, long finerSliceMillis, long nowMillis) {
        Slice slice = slice(Math.floorDiv(finer.index * finerSliceMillis, sliceMillis), nowMillis);
        if (slice != null) {
            slice.add(finer, this);
        } else if (coarser != null) {
            coarser.absorb(finer, finerSliceMillis, nowMillis);
        }
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

    /**
     * Merges into {@code into} the exchanges of this window at {@code nowMillis}: its own slices inside
     * it, and the slices of finer rings in the chain that are (not yet folded into this one).
     */
    void mergeInto(long nowMillis, Merged into) {
        long from = fromMillis(nowMillis);
        long until = (Math.floorDiv(nowMillis, sliceMillis) + 1) * sliceMillis;
        for (WindowRing ring = this; ring != null; ring = ring.finer) {
            for (Slice slice : ring.slices) {
                if (slice == null) {
                    continue;
                }
                long start = slice.index * ring.sliceMillis;
                if (start >= from && start < until) {
                    into.add(slice);
                }
            }
        }
    }

    /** Roughly what this ring's slices hold on the heap, in bytes (see {@link ColumnHistograms#footprintBytes()}). */
    long footprintBytes() {
        long bytes = 0;
        for (Slice slice : slices) {
            if (slice != null) {
                bytes += slice.all.footprintBytes();
                bytes += slice.byMethod.values().stream().mapToLong(ColumnHistograms::footprintBytes).sum();
                bytes += slice.byTool.values().stream().mapToLong(ColumnHistograms::footprintBytes).sum();
            }
        }
        return bytes;
    }

    /** A window's slices merged: fresh histograms owned by the caller. */
    static final class Merged {
        final ColumnHistograms all = ColumnHistograms.compact();
        final Map<String, ColumnHistograms> byMethod = new HashMap<>();
        final Map<String, ColumnHistograms> byTool = new HashMap<>();

        void add(Slice slice) {
            all.add(slice.all);
            slice.byMethod.forEach((k, v) -> byMethod.computeIfAbsent(k, x -> ColumnHistograms.compact()).add(v));
            slice.byTool.forEach((k, v) -> byTool.computeIfAbsent(k, x -> ColumnHistograms.compact()).add(v));
        }
    }

    private static final class Slice {
        final long index;
        final ColumnHistograms all = ColumnHistograms.compact();
        final Map<String, ColumnHistograms> byMethod = new HashMap<>();
        final Map<String, ColumnHistograms> byTool = new HashMap<>();

        Slice(long index) {
            this.index = index;
        }

        /** Adds a finer slice's histograms, its groups kept within {@code ring}'s limit. */
        void add(Slice finer, WindowRing ring) {
            all.add(finer.all);
            finer.byMethod.forEach((k, v) -> ring.group(byMethod, k).add(v));
            finer.byTool.forEach((k, v) -> ring.group(byTool, k).add(v));
        }
    }
}
