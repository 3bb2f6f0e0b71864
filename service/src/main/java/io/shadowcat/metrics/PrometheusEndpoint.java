package io.shadowcat.metrics;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.Servlet;

/**
 * Exposes the Dropwizard registry in Prometheus text format: every metric flat, as Prometheus'
 * Dropwizard bridge names it, except the proxy's per-method and per-upstream metrics, which become
 * labelled families (see {@link LabelledProxyCollector}).
 */
public final class PrometheusEndpoint {
    private PrometheusEndpoint() {
    }

    /** A servlet serving every metric of {@code registry}, and the labelled families of {@code extra}. */
    public static Servlet servlet(MetricRegistry registry, ProxyMetrics proxyMetrics, MultiCollector... extra) {
        PrometheusRegistry prometheus = new PrometheusRegistry();
        DropwizardExports.builder().dropwizardRegistry(registry)
                .metricFilter((name, metric) -> !ProxyMetrics.isLabelled(name))
                .register(prometheus);
        prometheus.register(new LabelledProxyCollector(proxyMetrics));
        for (MultiCollector collector : extra) {
            prometheus.register(collector);
        }
        return new PrometheusMetricsServlet(prometheus);
    }
}
