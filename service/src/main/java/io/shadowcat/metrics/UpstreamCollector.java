package io.shadowcat.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.shadowcat.upstream.FailureKind;
import io.shadowcat.upstream.Upstream;
import io.shadowcat.upstream.Upstreams;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.eclipse.jetty.client.AbstractConnectionPool;
import org.eclipse.jetty.client.ConnectionPool;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;

/**
 * The upstream pool's condition as Prometheus families, read from the upstreams at scrape time:
 * {@code shadowcat_upstream_inflight}, {@code shadowcat_upstream_pool_connections_active} and
 * {@code _max} (utilisation = active / max), {@code shadowcat_upstream_errors_total{kind}},
 * {@code shadowcat_upstream_breaker_state} (0 closed, 1 half-open, 2 open) and
 * {@code shadowcat_upstream_healthy} (0/1), each labelled by {@code upstream}. Thread-safe.
 */
final class UpstreamCollector implements MultiCollector {
    private final Upstreams upstreams;

    UpstreamCollector(Upstreams upstreams) {
        this.upstreams = Objects.requireNonNull(upstreams, "upstreams");
    }

    @Override
    public MetricSnapshots collect() {
        CounterSnapshot.Builder errors = CounterSnapshot.builder().name("shadowcat_upstream_errors")
                .help("Failed requests towards an upstream, by kind");
        for (Upstream upstream : upstreams.all()) {
            for (FailureKind kind : FailureKind.values()) {
                errors.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                        .labels(Labels.of("upstream", upstream.name(), "kind", kind.label()))
                        .value(upstream.errors(kind)).build());
            }
        }
        return MetricSnapshots.of(
                gauge("shadowcat_upstream_inflight", "Requests routed to an upstream whose outcome is not known yet",
                        Upstream::inFlight),
                gauge("shadowcat_upstream_pool_connections_active", "Connections to an upstream carrying a request now",
                        u -> pool(u.client(), true)),
                gauge("shadowcat_upstream_pool_connections_max", "Most connections the pool opens to an upstream",
                        u -> pool(u.client(), false)),
                errors.build(),
                gauge("shadowcat_upstream_breaker_state", "Circuit breaker: 0 closed, 1 half-open, 2 open",
                        u -> u.breaker().state().gauge()),
                gauge("shadowcat_upstream_healthy", "1 while an upstream gets new sessions by its health, 0 otherwise",
                        u -> u.health().isHealthy() ? 1 : 0));
    }

    private GaugeSnapshot gauge(String name, String help, ToDoubleFunction<Upstream> value) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
        for (Upstream upstream : upstreams.all()) {
            gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("upstream", upstream.name())).value(value.applyAsDouble(upstream)).build());
        }
        return gauge.build();
    }

    /** Active connections (or the configured maximum) over the client's destinations. */
    private static double pool(HttpClient client, boolean active) {
        if (client == null) {
            return 0;
        }
        if (!active) {
            return client.getMaxConnectionsPerDestination();
        }
        int sum = 0;
        for (Destination destination : client.getDestinations()) {
            ConnectionPool pool = destination.getConnectionPool();
            if (pool instanceof AbstractConnectionPool counted) {
                sum += counted.getActiveConnectionCount();
            }
        }
        return sum;
    }
}
