package io.shadowcat.profiler.live;

import io.shadowcat.profiler.analysis.ExchangeRecord;
import java.time.Instant;

/** Receives each exchange an {@link ExchangeFeed} delivers, on the feed's own thread. */
@FunctionalInterface
public interface ExchangeListener {
    /** One exchange, which ended at {@code end}. */
    void exchange(ExchangeRecord exchange, Instant end);
}
