package io.shadowcat.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.shadowcat.session.Sessions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Objects;

/**
 * What memory per session is computed from: {@code shadowcat_sessions_active} (sessions issued within
 * the maximum age and not terminated), {@code shadowcat_sessions_terminated} (ended ids remembered) and
 * {@code shadowcat_memory_heap_after_gc_bytes} (heap in use right after the last collection, summed
 * over the heap pools as the JVM reports them). Sessions are sealed tokens, so the proxy holds no state
 * per live session: the alert rules divide growth in heap by growth in sessions. Read at scrape time.
 * Thread-safe.
 */
public final class SessionMemoryCollector implements MultiCollector {
    private final Sessions sessions;
    private final List<MemoryPoolMXBean> heapPools;

    public SessionMemoryCollector(Sessions sessions) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .toList();
    }

    @Override
    public MetricSnapshots collect() {
        long afterGc = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            MemoryUsage usage = pool.getCollectionUsage();
            afterGc += usage == null ? 0 : usage.getUsed();
        }
        return MetricSnapshots.of(
                gauge("shadowcat_sessions_active", "Sessions issued within the maximum age and not terminated", sessions.active()),
                gauge("shadowcat_sessions_terminated", "Terminated session ids the proxy remembers", sessions.terminatedCount()),
                gauge("shadowcat_memory_heap_after_gc_bytes", "Heap in use right after the last garbage collection", afterGc));
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build()).build();
    }
}
