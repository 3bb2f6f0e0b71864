package io.shadowcat.profiler.live;

import io.shadowcat.profiler.analysis.ColumnHistograms;
import io.shadowcat.profiler.analysis.ExchangeRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Stage histograms of the exchanges that ended in the last few minutes, over one or more rolling
 * windows (for example the last minute and the last ten), by stage, by method and by tool.
 *
 * <p>Each window is a ring of {@code slices} equal slices (see {@link WindowRing}): a 1-minute window
 * with 6 slices moves on every 10 s, so it covers between 50 and 60 s of traffic. An exchange is
 * recorded once: in the window with the finest slices, whose slices fold whole into a longer window's
 * as they leave it (when its slices are a multiple of the finer ones, as with 1 and 10 minutes).
 * Memory is bounded by
 * windows × slices × groups × one compact histogram set (1% precision); at most {@code maxGroups}
 * methods and tools get their own row, the rest are pooled under {@code (other)}.
 *
 * <p>Thread-safe: {@link #record} is meant for one consumer thread (a JFR stream), {@link #windows()}
 * for any reader; both take this object's lock, which request threads never touch. The wall clock is
 * injected.
 */
public final class LiveBreakdown implements ExchangeListener {
    private final List<Duration> windows;
    private final List<WindowRing> rings = new ArrayList<>();
    /** The finest ring of each chain (see {@link WindowRing}): where exchanges are recorded. */
    private final List<WindowRing> heads = new ArrayList<>();
    private final LongSupplier epochMillis;
    private long recorded;
    private long late;

    /**
     * @param windows     the window lengths, each at least {@code slices} milliseconds
     * @param slices      how many slices each window is cut into (at least 1)
     * @param maxGroups   the most methods, and the most tools, with a row of their own per slice
     * @param epochMillis the wall clock
     */
    public LiveBreakdown(List<Duration> windows, int slices, int maxGroups, LongSupplier epochMillis) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("at least one window is needed");
        }
        if (slices < 1 || maxGroups < 1) {
            throw new IllegalArgumentException("slices and maxGroups must be at least 1");
        }
        this.windows = List.copyOf(windows);
        for (Duration window : this.windows) {
            if (window.toMillis() < slices) {
                throw new IllegalArgumentException("window " + window + " is shorter than " + slices + " ms");
            }
            rings.add(new WindowRing(window.toMillis(), slices, maxGroups));
        }
        // Chain each ring to the next coarser one its slices fold into whole; exchanges go to the chains' heads.
        List<WindowRing> bySlice = new ArrayList<>(rings);
        bySlice.sort(Comparator.comparingLong(WindowRing::sliceMillis));
        for (int i = 0; i < bySlice.size(); i++) {
            for (int j = i + 1; j < bySlice.size(); j++) {
                if (bySlice.get(i).canFoldInto(bySlice.get(j)) && !bySlice.get(j).chained()) {
                    bySlice.get(i).foldInto(bySlice.get(j));
                    break;
                }
            }
        }
        bySlice.stream().filter(ring -> !ring.chained()).forEach(heads::add);
        this.epochMillis = Objects.requireNonNull(epochMillis, "epochMillis");
    }

    @Override
    public synchronized void exchange(ExchangeRecord exchange, Instant end) {
        boolean kept = false;
        long endMillis = end.toEpochMilli();
        long now = epochMillis.getAsLong();
        for (WindowRing head : heads) {
            // Recorded once per chain: in its finest ring, or, when that window no longer holds it, a coarser one.
            WindowRing ring = head;
            while (ring != null && !ring.record(exchange, endMillis, now)) {
                ring = ring.coarser();
            }
            kept |= ring != null;
        }
        if (kept) {
            recorded++;
        } else {
            late++;
        }
    }

    /** Every window as it stands now, in the configured order. */
    public synchronized List<WindowBreakdown> windows() {
        long now = epochMillis.getAsLong();
        List<WindowBreakdown> out = new ArrayList<>(rings.size());
        for (int i = 0; i < rings.size(); i++) {
            WindowRing ring = rings.get(i);
            WindowRing.Merged merged = new WindowRing.Merged();
            ring.mergeInto(now, merged);
            out.add(new WindowBreakdown(windows.get(i), Instant.ofEpochMilli(ring.fromMillis(now)), Instant.ofEpochMilli(now),
                    merged.all, ColumnHistograms.byCount(merged.byMethod), ColumnHistograms.byCount(merged.byTool)));
        }
        return out;
    }

    /**
     * Roughly what the windows' histograms hold on the heap now, in bytes. It is bounded by the windows, slices
     * and groups configured, not by traffic, but it moves as slices fill with new groups and others go round,
     * by megabytes at the default settings: a reading of the heap that is to show what sessions or connections
     * cost can leave it out.
     */
    public synchronized long footprintBytes() {
        return rings.stream().mapToLong(WindowRing::footprintBytes).sum();
    }

    /** Exchanges recorded since start. */
    public synchronized long recorded() {
        return recorded;
    }

    /** Exchanges that arrived too late for every window (their slices had already gone round). */
    public synchronized long late() {
        return late;
    }
}
