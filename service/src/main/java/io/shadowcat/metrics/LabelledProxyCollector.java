package io.shadowcat.metrics;

import com.codahale.metrics.Snapshot;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.util.Objects;

/**
 * Turns the proxy's per-method, per-status meters and per-upstream timers into labelled Prometheus
 * families ({@code shadowcat_requests_total{method,status}},
 * {@code shadowcat_upstream_latency_seconds{upstream}}) and the in-flight count into a gauge, reading the Dropwizard metrics at scrape time
 * so there is one source of truth. Thread-safe.
 */
final class LabelledProxyCollector implements MultiCollector {
    private static final double NANOS_PER_SECOND = 1e9;
    private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};

    private final ProxyMetrics metrics;

    LabelledProxyCollector(ProxyMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public MetricSnapshots collect() {
        CounterSnapshot.Builder requests = CounterSnapshot.builder().name("shadowcat_requests")
                .help("MCP requests by JSON-RPC method and HTTP status");
        metrics.forEachRequestMeter((method, status, meter) -> requests.dataPoint(
                CounterSnapshot.CounterDataPointSnapshot.builder()
                        .labels(Labels.of("method", method, "status", Integer.toString(status)))
                        .value(meter.getCount()).build()));
        SummarySnapshot.Builder upstream = SummarySnapshot.builder().name("shadowcat_upstream_latency_seconds")
                .help("Time spent in the upstream: request sent to first response byte");
        metrics.forEachUpstreamTimer((name, timer) -> {
            Snapshot snapshot = timer.getSnapshot();
            Quantiles.Builder quantiles = Quantiles.builder();
            for (double q : QUANTILES) {
                quantiles.quantile(q, snapshot.getValue(q) / NANOS_PER_SECOND);
            }
            upstream.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder()
                    .labels(Labels.of("upstream", name)).quantiles(quantiles.build()).count(timer.getCount()).build());
        });
        GaugeSnapshot inFlight = GaugeSnapshot.builder().name("shadowcat_requests_inflight")
                .help("MCP requests being handled right now")
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(metrics.inFlight()).build()).build();
        return MetricSnapshots.of(requests.build(), inFlight, upstream.build());
    }
}
