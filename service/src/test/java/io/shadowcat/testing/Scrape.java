package io.shadowcat.testing;

import java.net.URI;
import org.eclipse.jetty.client.HttpClient;

/** Reads single samples from the admin port's Prometheus text. */
public final class Scrape {
    private final HttpClient client;
    private final URI prometheus;

    public Scrape(HttpClient client, int adminPort) {
        this.client = client;
        this.prometheus = URI.create("http://127.0.0.1:" + adminPort + "/prometheus");
    }

    /** The value of the sample named exactly {@code series} (name and labels as exposed), or NaN. */
    public double value(String series) throws Exception {
        String text = client.GET(prometheus).getContentAsString();
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return Double.NaN;
    }

    /** {@code shadowcat_upstream_errors_total{kind,upstream}}. */
    public double errors(String upstream, String kind) throws Exception {
        return value("shadowcat_upstream_errors_total{kind=\"" + kind + "\",upstream=\"" + upstream + "\"}");
    }

    /** A per-upstream gauge such as {@code shadowcat_upstream_breaker_state}. */
    public double gauge(String name, String upstream) throws Exception {
        return value(name + "{upstream=\"" + upstream + "\"}");
    }
}
