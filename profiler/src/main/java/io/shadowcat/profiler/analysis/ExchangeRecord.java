package io.shadowcat.profiler.analysis;

import io.shadowcat.profiler.Stage;
import java.time.Instant;

/**
 * One {@code shadowcat.Exchange} event as read from a recording, with every column's value.
 *
 * @param nanos durations by {@link Column#index()}, in nanoseconds; {@code unattributed} may be
 *              negative if stages overlapped
 */
public record ExchangeRecord(long exchangeId, Instant start, String method, String tool, String upstream,
                             int status, int rpcError, long[] nanos) {
    private static final Stage[] STAGES = Stage.values();

    /** Builds the record from stage durations (indexed by {@link Stage#ordinal()}), deriving the other columns. */
    public static ExchangeRecord of(long exchangeId, Instant start, String method, String tool, String upstream,
                                    int status, int rpcError, long[] stageNanos) {
        long[] nanos = new long[Column.ALL.size()];
        long parts = 0;
        for (Stage stage : STAGES) {
            nanos[stage.ordinal()] = stageNanos[stage.ordinal()];
            if (stage != Stage.TOTAL) {
                parts += stageNanos[stage.ordinal()];
            }
        }
        long total = stageNanos[Stage.TOTAL.ordinal()];
        nanos[Column.UNATTRIBUTED.index()] = total - parts;
        nanos[Column.OVERHEAD.index()] = total - stageNanos[Stage.UPSTREAM.ordinal()];
        return new ExchangeRecord(exchangeId, start, method, tool, upstream, status, rpcError, nanos);
    }

    /** This exchange's value in {@code column}, in nanoseconds. */
    public long nanos(Column column) {
        return nanos[column.index()];
    }

    /** {@code total}, in nanoseconds. */
    public long total() {
        return nanos[Column.TOTAL.index()];
    }
}
