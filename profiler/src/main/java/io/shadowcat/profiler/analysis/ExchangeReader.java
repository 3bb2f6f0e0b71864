package io.shadowcat.profiler.analysis;

import java.util.HashMap;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;

/**
 * Reads {@code shadowcat.Exchange} events into {@link ExchangeRecord}s, whichever version of the event
 * type wrote them (stage fields in other units, or missing, read correctly; see {@link ExchangeFields}).
 *
 * <p>Not thread-safe: it caches one reading plan per event type, so each consumer (a file being
 * analysed, a live stream) owns one reader.
 */
public final class ExchangeReader {
    private final Map<Long, ExchangeFields> fieldPlans = new HashMap<>();

    /** {@code event}, which must be a {@code shadowcat.Exchange} event, as a record. */
    public ExchangeRecord read(RecordedEvent event) {
        long[] stageNanos = ExchangeFields.of(event.getEventType(), fieldPlans).stageNanos(event);
        return ExchangeRecord.of(longField(event, "exchangeId"), event.getStartTime(),
                stringField(event, "method"), stringField(event, "tool"), stringField(event, "upstreamName"),
                (int) longField(event, "status"), (int) longField(event, "rpcError"), stageNanos);
    }

    private static long longField(RecordedEvent event, String name) {
        return event.hasField(name) ? event.getLong(name) : 0;
    }

    private static String stringField(RecordedEvent event, String name) {
        return event.hasField(name) ? event.getString(name) : null;
    }
}
