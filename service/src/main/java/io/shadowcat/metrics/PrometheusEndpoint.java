package io.shadowcat.metrics;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import jakarta.servlet.Servlet;
import java.util.List;

/**
 * Exposes the Dropwizard registry in Prometheus text format: every metric flat, as Prometheus'
 * Dropwizard bridge names it, except the proxy's per-method and per-upstream metrics, which become
 * labelled families (see {@link LabelledProxyCollector}), plus collectors of Shadowcat's own (stage
 * histograms, sessions and memory).
 */
public final class PrometheusEndpoint {
    private PrometheusEndpoint() {
    }

    /** A servlet serving every metric of {@code registry}, then those of {@code collectors}. */
    public static Servlet servlet(MetricRegistry registry, ProxyMetrics proxyMetrics, List<MultiCollector> collectors) {
        PrometheusRegistry prometheus = new PrometheusRegistry();
        DropwizardExports.builder().dropwizardRegistry(registry)
                .metricFilter((name, metric) -> !ProxyMetrics.isLabelled(name))
                .register(prometheus);
        prometheus.register(new LabelledProxyCollector(proxyMetrics));
        collectors.forEach(prometheus::register);
        return new PrometheusMetricsServlet(prometheus);
    }
}
