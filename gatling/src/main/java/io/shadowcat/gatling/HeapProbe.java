package io.shadowcat.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.PopulationBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The proxy's retained heap, read on its admin port: Dropwizard's {@code POST /tasks/gc} (a full collection, run
 * twice so that objects freed by finalization-like cleanups are gone too), then {@code jvm.memory.heap.used} from
 * {@code GET /metrics}. That is the heap in use right after a full GC: the live set plus what the collector chose
 * to keep, not an exact object census. Readings are kept by label. Thread-safe.
 */
public final class HeapProbe {
    private static final String HEAP = "heapUsedBytes";
    private final String admin;
    private final Map<String, Long> readings = new ConcurrentHashMap<>();

    /** @param admin the proxy's admin base URL, e.g. {@code http://127.0.0.1:8081} */
    public HeapProbe(String admin) {
        this.admin = admin.endsWith("/") ? admin.substring(0, admin.length() - 1) : admin;
    }

    /** One user that, after {@code delay}, reads the heap after GC under {@code label}. */
    public PopulationBuilder measure(String label, Duration delay) {
        return scenario("heap " + label)
                .exec(http("admin gc").post(admin + "/tasks/gc"))
                .exec(http("admin gc").post(admin + "/tasks/gc"))
                .exec(http("admin heap").get(admin + "/metrics")
                        .check(jsonPath("$.gauges['jvm.memory.heap.used'].value").ofLong().saveAs(HEAP)))
                .exec(session -> {
                    if (session.contains(HEAP)) {
                        readings.put(label, session.getLong(HEAP));
                    }
                    return session;
                })
                .injectOpen(nothingFor(delay), atOnceUsers(1))
                .protocols(http.disableWarmUp().disableCaching());
    }

    public OptionalLong reading(String label) {
        Long value = readings.get(label);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** {@code (later − earlier) / count}, or NaN when either reading is missing. */
    public double perUnit(String earlier, String later, long count) {
        OptionalLong a = reading(earlier);
        OptionalLong b = reading(later);
        return a.isEmpty() || b.isEmpty() || count <= 0 ? Double.NaN : (double) (b.getAsLong() - a.getAsLong()) / count;
    }

    public Map<String, Long> readings() {
        return Map.copyOf(readings);
    }
}
