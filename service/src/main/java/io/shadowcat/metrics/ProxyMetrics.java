package io.shadowcat.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.shadowcat.profiler.ExchangeTimer;
import io.shadowcat.profiler.Stage;
import io.shadowcat.profiler.live.ExchangeFeed;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's Dropwizard metrics: requests by JSON-RPC method and HTTP status, requests in flight,
 * end-to-end and upstream latency (the latter per upstream).
 *
 * <p>Method names outside MCP's vocabulary count as {@code other}, so a client cannot grow the
 * registry without bound. Lookups after the first are allocation-free. Thread-safe.
 */
public final class ProxyMetrics {
    private static final Set<String> KNOWN_METHODS = Set.of("initialize", "ping", "tools/list", "tools/call",
            "prompts/list", "prompts/get", "resources/list", "resources/read", "resources/templates/list",
            "resources/subscribe", "resources/unsubscribe", "completion/complete", "logging/setLevel",
            "notifications/initialized", "notifications/cancelled", "notifications/progress",
            "notifications/roots/list_changed", "response", "batch", "GET", "DELETE", "invalid");

    private final MetricRegistry registry;
    private final Counter inFlight;
    private final Timer total;
    private final ConcurrentMap<String, Meter[]> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> upstreamLatency = new ConcurrentHashMap<>();
    private final ExchangeFeed feed;

    public ProxyMetrics(MetricRegistry registry) {
        this(registry, null);
    }

    /** @param feed where every finished exchange also goes (the live breakdown), or {@code null} */
    public ProxyMetrics(MetricRegistry registry, ExchangeFeed feed) {
        this.registry = registry;
        this.feed = feed;
        this.inFlight = registry.counter("shadowcat.requests.inflight");
        this.total = registry.timer("shadowcat.requests.latency", ProxyMetrics::newTimer);
    }

    // Timers on the request path must not take a lock per update, as the default reservoir does.
    private static Timer newTimer() {
        return new Timer(LockFreeExponentiallyDecayingReservoir.builder().build());
    }

    /** Counts a request that has started. */
    public void started() {
        inFlight.inc();
    }

    /** Counts a request that has finished, by what its timer recorded. */
    public void finished(ExchangeTimer exchange) {
        inFlight.dec();
        total.update(exchange.nanos(Stage.TOTAL), TimeUnit.NANOSECONDS);
        String method = exchange.method();
        String label = method == null ? "invalid" : KNOWN_METHODS.contains(method) ? method : "other";
        int status = exchange.status();
        if (status >= 100 && status < 600) {
            requests(label, status).mark();
        }
        long upstreamNanos = exchange.nanos(Stage.UPSTREAM);
        if (exchange.upstream() != null && upstreamNanos > 0) {
            upstreamLatency.computeIfAbsent(exchange.upstream(),
                    name -> registry.timer(MetricRegistry.name("shadowcat.upstream", name, "latency"), ProxyMetrics::newTimer))
                    .update(upstreamNanos, TimeUnit.NANOSECONDS);
        }
        if (feed != null) {
            feed.offer(exchange);
        }
    }

    /** Requests currently in flight. */
    public long inFlight() {
        return inFlight.getCount();
    }

    /** Visits every request meter with its JSON-RPC method label and HTTP status. */
    public void forEachRequestMeter(RequestMeterVisitor visitor) {
        requests.forEach((method, byStatus) -> {
            for (int i = 0; i < byStatus.length; i++) {
                if (byStatus[i] != null) {
                    visitor.visit(method, i + 100, byStatus[i]);
                }
            }
        });
    }

    /** Visits every per-upstream latency timer with its upstream's name. */
    public void forEachUpstreamTimer(java.util.function.BiConsumer<String, Timer> visitor) {
        upstreamLatency.forEach(visitor);
    }

    /** Whether {@code name} is one of the labelled families visited above (not exported flat). */
    public static boolean isLabelled(String name) {
        return (name.startsWith("shadowcat.requests.") && !name.equals("shadowcat.requests.latency"))
                || (name.startsWith("shadowcat.upstream.") && name.endsWith(".latency"));
    }

    /** Receives one request meter. */
    @FunctionalInterface
    public interface RequestMeterVisitor {
        void visit(String method, int status, Meter meter);
    }

    /** The meter for {@code method} and {@code status} (100-599), registered on first use. */
    public Meter requests(String method, int status) {
        Meter[] byStatus = requests.computeIfAbsent(method, m -> new Meter[500]);
        Meter meter = byStatus[status - 100];
        if (meter == null) {
            // A racing registration is harmless: the registry hands both threads the same meter.
            meter = registry.meter(MetricRegistry.name("shadowcat.requests", method, Integer.toString(status)));
            byStatus[status - 100] = meter;
        }
        return meter;
    }
}
