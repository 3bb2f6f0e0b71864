package io.shadowcat.profiler.analysis;

import java.util.HashMap;
import java.util.Map;
import jdk.jfr.EventType;
import jdk.jfr.consumer.RecordedEvent;

/**
 * Reads {@code shadowcat.Exchange} events into {@link ExchangeRecord}s, whichever version of the event
 * type wrote them (stage fields in other units, or missing, read correctly; see {@link ExchangeFields}).
 *
 * <p>Which fields a type has is worked out once per type, not looked up per event: a live stream reads
 * every exchange, and each lookup by name walks the type's field list. Not thread-safe: each consumer
 * (a file being analysed, a live stream) owns one reader.
 */
public final class ExchangeReader {
    private static final String[] OTHER_FIELDS = {"exchangeId", "method", "tool", "upstreamName", "status", "rpcError"};

    private final Map<Long, ExchangeFields> fieldPlans = new HashMap<>();
    private final Map<Long, boolean[]> present = new HashMap<>();

    /** {@code event}, which must be a {@code shadowcat.Exchange} event, as a record. */
    public ExchangeRecord read(RecordedEvent event) {
        EventType type = event.getEventType();
        long[] stageNanos = ExchangeFields.of(type, fieldPlans).stageNanos(event);
        boolean[] has = present.computeIfAbsent(type.getId(), id -> presence(type));
        return ExchangeRecord.of(has[0] ? event.getLong("exchangeId") : 0, event.getStartTime(),
                has[1] ? event.getString("method") : null, has[2] ? event.getString("tool") : null,
                has[3] ? event.getString("upstreamName") : null,
                has[4] ? (int) event.getLong("status") : 0, has[5] ? (int) event.getLong("rpcError") : 0, stageNanos);
    }

    private static boolean[] presence(EventType type) {
        boolean[] has = new boolean[OTHER_FIELDS.length];
        for (int i = 0; i < OTHER_FIELDS.length; i++) {
            has[i] = type.getField(OTHER_FIELDS[i]) != null;
        }
        return has;
    }
}
