package io.shadowcat.profiler.analysis;

import io.shadowcat.profiler.Stage;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.EventType;
import jdk.jfr.Timespan;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;

/**
 * How to read stage durations from one version of the {@code shadowcat.Exchange} event type, worked
 * out once per type rather than once per event: which stage fields exist, and the factor from each
 * field's {@code @Timespan} unit to nanoseconds. Fields in ticks, or in a unit this class does not
 * know, are read through {@link RecordedEvent#getDuration}. Immutable.
 */
final class ExchangeFields {
    private static final Stage[] STAGES = Stage.values();
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            Timespan.NANOSECONDS, 1L, Timespan.MICROSECONDS, 1_000L,
            Timespan.MILLISECONDS, 1_000_000L, Timespan.SECONDS, 1_000_000_000L);
    // 0: field absent; -1: read as a Duration; otherwise nanoseconds per unit.
    private final long[] factors = new long[STAGES.length];

    private ExchangeFields(EventType type) {
        Map<String, ValueDescriptor> fields = new HashMap<>();
        type.getFields().forEach(f -> fields.put(f.getName(), f));
        for (Stage stage : STAGES) {
            ValueDescriptor field = fields.get(stage.wireName());
            if (field == null) {
                continue;
            }
            Timespan unit = field.getAnnotation(Timespan.class);
            factors[stage.ordinal()] = unit == null ? -1 : NANOS_PER_UNIT.getOrDefault(unit.value(), -1L);
        }
    }

    /** The plan for {@code type}, cached in {@code cache} by type id. */
    static ExchangeFields of(EventType type, Map<Long, ExchangeFields> cache) {
        return cache.computeIfAbsent(type.getId(), id -> new ExchangeFields(type));
    }

    /** Every stage's duration in nanoseconds, indexed by {@link Stage#ordinal()}; absent stages are 0. */
    long[] stageNanos(RecordedEvent event) {
        long[] nanos = new long[STAGES.length];
        for (int i = 0; i < STAGES.length; i++) {
            long factor = factors[i];
            if (factor > 0) {
                nanos[i] = event.getLong(STAGES[i].wireName()) * factor;
            } else if (factor < 0) {
                nanos[i] = event.getDuration(STAGES[i].wireName()).toNanos();
            }
        }
        return nanos;
    }
}
