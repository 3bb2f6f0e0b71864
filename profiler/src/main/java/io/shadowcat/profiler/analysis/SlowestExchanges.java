package io.shadowcat.profiler.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Keeps the {@code limit} exchanges with the largest {@code total} seen so far, in memory bounded by
 * the limit. Ties keep the earlier exchange. Not thread-safe.
 */
public final class SlowestExchanges {
    private static final Comparator<ExchangeRecord> FASTEST_FIRST =
            Comparator.comparingLong(ExchangeRecord::total).thenComparing(ExchangeRecord::exchangeId, Comparator.reverseOrder());

    private final int limit;
    private final PriorityQueue<ExchangeRecord> heap;

    public SlowestExchanges(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        this.limit = limit;
        this.heap = new PriorityQueue<>(limit + 1, FASTEST_FIRST);
    }

    /** Offers one exchange. */
    public void offer(ExchangeRecord exchange) {
        if (limit == 0) {
            return;
        }
        heap.add(exchange);
        if (heap.size() > limit) {
            heap.poll();
        }
    }

    /** The kept exchanges, slowest first. */
    public List<ExchangeRecord> slowestFirst() {
        List<ExchangeRecord> out = new ArrayList<>(heap);
        out.sort(FASTEST_FIRST.reversed());
        return out;
    }
}
