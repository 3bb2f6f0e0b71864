package io.shadowcat.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.gatling.javaapi.core.PopulationBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The proxy's retained heap, read on its admin port: Dropwizard's {@code POST /tasks/gc} (a full collection, run
 * twice so that objects freed by finalization-like cleanups are gone too), then {@code GET /metrics}: the sum of every
 * memory pool's {@code used-after-gc} gauge, which is the heap as the last collection left it, so what the proxy
 * allocates between that collection and the reading (JFR, the live breakdown, the metrics request itself: a few MB at
 * ~10 MB/s on a busy machine) does not count. A JVM whose pools report no usage after GC is read by
 * {@code jvm.memory.heap.used}. The live breakdown's histograms ({@value #BREAKDOWN}, when the proxy reports it)
 * are subtracted: they are bounded by its windows and slices, not by sessions or connections, yet move by
 * megabytes between two readings as slices fill and turn over, which drowned what a few hundred idle connections
 * cost. That is the live set plus what the collector chose to keep, not an exact object census. Readings, and the
 * breakdown's bytes at each, are kept by label. Thread-safe.
 */
public final class HeapProbe {
    private static final String METRICS = "adminMetrics";
    /** The proxy's gauge of what its live breakdown holds (ShadowcatApplication.BREAKDOWN_BYTES). */
    static final String BREAKDOWN = "shadowcat.breakdown.bytes";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final String admin;
    private final Map<String, Long> readings = new ConcurrentHashMap<>();
    private final Map<String, Long> breakdown = new ConcurrentHashMap<>();

    /** @param admin the proxy's admin base URL, e.g. {@code http://127.0.0.1:8081} */
    public HeapProbe(String admin) {
        this.admin = admin.endsWith("/") ? admin.substring(0, admin.length() - 1) : admin;
    }

    /** One user that, after {@code delay}, reads the heap after GC under {@code label}. */
    public PopulationBuilder measure(String label, Duration delay) {
        return scenario("heap " + label)
                .exec(http("admin gc").post(admin + "/tasks/gc"))
                .exec(http("admin gc").post(admin + "/tasks/gc"))
                .exec(http("admin heap").get(admin + "/metrics").check(bodyString().saveAs(METRICS)))
                .exec(session -> {
                    if (session.contains(METRICS)) {
                        JsonNode gauges = gauges(session.getString(METRICS));
                        long excluded = breakdownBytes(gauges).orElse(0);
                        afterGc(gauges).ifPresent(bytes -> {
                            readings.put(label, bytes - excluded);
                            breakdown.put(label, excluded);
                        });
                    }
                    return session.remove(METRICS);
                })
                .injectOpen(nothingFor(delay), atOnceUsers(1))
                .protocols(http.disableWarmUp().disableCaching());
    }

    /** The {@code gauges} of a Dropwizard {@code /metrics} document; a missing node if it is not one. */
    static JsonNode gauges(String metricsJson) {
        try {
            return MAPPER.readTree(metricsJson).path("gauges");
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /**
     * The heap right after the last collection from Dropwizard's {@linkplain #gauges gauges}: the sum of the
     * {@code jvm.memory.pools.*.used-after-gc} gauges, or {@code jvm.memory.heap.used} when there are none.
     */
    static OptionalLong afterGc(JsonNode gauges) {
        long sum = 0;
        boolean found = false;
        for (Map.Entry<String, JsonNode> gauge : (Iterable<Map.Entry<String, JsonNode>>) gauges::fields) {
            if (gauge.getKey().startsWith("jvm.memory.pools.") && gauge.getKey().endsWith(".used-after-gc")
                    && gauge.getValue().path("value").isNumber()) {
                sum += gauge.getValue().path("value").asLong();
                found = true;
            }
        }
        if (found) {
            return OptionalLong.of(sum);
        }
        JsonNode used = gauges.path("jvm.memory.heap.used").path("value");
        return used.isNumber() ? OptionalLong.of(used.asLong()) : OptionalLong.empty();
    }

    /** The live breakdown's bytes from Dropwizard's {@linkplain #gauges gauges}, when the proxy reports them. */
    static OptionalLong breakdownBytes(JsonNode gauges) {
        JsonNode value = gauges.path(BREAKDOWN).path("value");
        return value.isNumber() ? OptionalLong.of(value.asLong()) : OptionalLong.empty();
    }

    /** The heap after GC under {@code label}, less the live breakdown's bytes at that reading. */
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

    /** The live breakdown's bytes subtracted from each reading, by label (0 when the proxy did not report them). */
    public Map<String, Long> breakdown() {
        return Map.copyOf(breakdown);
    }
}
