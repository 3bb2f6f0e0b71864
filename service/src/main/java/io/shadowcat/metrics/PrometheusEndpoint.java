package io.shadowcat.metrics;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.shadowcat.upstream.Upstreams;
import jakarta.servlet.Servlet;
import java.util.List;

/**
 * Exposes the Dropwizard registry in Prometheus text format: every metric flat, as Prometheus'
 * Dropwizard bridge names it, except the proxy's per-method and per-upstream metrics, which become
 * labelled families (see {@link LabelledProxyCollector} and {@link UpstreamCollector}), plus collectors
 * of Shadowcat's own (policy and rate-limit counters, stage histograms, sessions and memory).
 */
public final class PrometheusEndpoint {
    private PrometheusEndpoint() {
    }

    /** A servlet serving every metric of {@code registry}, the upstreams' families, then those of {@code collectors}. */
    public static Servlet servlet(MetricRegistry registry, ProxyMetrics proxyMetrics, Upstreams upstreams,
                                  List<MultiCollector> collectors) {
        PrometheusRegistry prometheus = new PrometheusRegistry();
        DropwizardExports.builder().dropwizardRegistry(registry)
                .metricFilter((name, metric) -> !ProxyMetrics.isLabelled(name))
                .register(prometheus);
        prometheus.register(new LabelledProxyCollector(proxyMetrics));
        prometheus.register(new UpstreamCollector(upstreams));
        collectors.forEach(prometheus::register);
        return new PrometheusMetricsServlet(prometheus);
    }
}
