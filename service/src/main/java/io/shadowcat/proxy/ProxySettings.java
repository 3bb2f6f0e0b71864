package io.shadowcat.proxy;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of the MCP endpoint.
 *
 * @param maxRequestBytes largest POST body accepted (413 beyond)
 * @param responseTimeout longest wait for a whole JSON response, or for an event stream's headers (504
 *                        before the response has started, an aborted response after)
 * @param idleTimeout     longest silence from the upstream on one exchange; what bounds an event stream
 * @param sseKeepAlive    silence after which a {@code : keep-alive} comment goes to an event stream's
 *                        client; zero for none
 * @param queueTimeout    longest wait for a pooled connection to the upstream; beyond, the request is
 *                        shed with 503 and {@code Retry-After} (load shedding); zero for no limit but the
 *                        response timeout
 * @param queueTarget     the wait for a pooled connection above which, when every request has waited longer
 *                        for {@link io.shadowcat.upstream.PoolQueue#INTERVAL_NANOS a second}, the upstream's
 *                        queue is standing (overload) and a request waits at most twice this before it is
 *                        shed; zero to shed only at the queue timeout
 */
public record ProxySettings(long maxRequestBytes, Duration responseTimeout, Duration idleTimeout, Duration sseKeepAlive,
                            Duration queueTimeout, Duration queueTarget) {
    public ProxySettings {
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException("maxRequestBytes must be positive");
        }
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(sseKeepAlive, "sseKeepAlive");
        Objects.requireNonNull(queueTimeout, "queueTimeout");
        Objects.requireNonNull(queueTarget, "queueTarget");
    }
}
