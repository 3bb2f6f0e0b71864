package io.shadowcat.profiler.live;

import io.shadowcat.profiler.analysis.ExchangeRecord;
import java.time.Instant;

/** Receives each exchange a {@link LiveExchangeStream} reads, on the stream's own thread. */
@FunctionalInterface
public interface ExchangeListener {
    /** One exchange, which ended at {@code end}. */
    void exchange(ExchangeRecord exchange, Instant end);
}
