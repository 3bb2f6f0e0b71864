package io.shadowcat.proxy;

import io.shadowcat.jsonrpc.EnvelopeParser;
import io.shadowcat.metrics.ProxyMetrics;
import io.shadowcat.session.Sessions;
import io.shadowcat.upstream.Upstreams;
import java.util.Objects;
import org.eclipse.jetty.client.HttpClient;

/**
 * Everything an exchange needs that outlives it: shared, thread-safe collaborators.
 *
 * @param auth      the auth stage (pass-through until authentication is configured)
 * @param rateLimit the rate-limit stage
 * @param policy    the policy stage
 */
record ProxyContext(ProxySettings settings, EnvelopeParser parser, OriginPolicy origins, Sessions sessions,
                    Upstreams upstreams, HttpClient client, ExchangeCheck auth, ExchangeCheck rateLimit,
                    ExchangeCheck policy, ProxyMetrics metrics) {
    ProxyContext {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(origins, "origins");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(upstreams, "upstreams");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(metrics, "metrics");
    }
}
