package io.shadowcat.proxy;

import io.shadowcat.jsonrpc.EnvelopeParser;
import io.shadowcat.metrics.ProxyMetrics;
import io.shadowcat.session.Sessions;
import io.shadowcat.upstream.Upstreams;
import java.util.Objects;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Everything an exchange needs that outlives it: shared, thread-safe collaborators, built once.
 */
final class ProxyContext {
    private final ProxySettings settings;
    private final EnvelopeParser parser;
    private final OriginPolicy origins;
    private final Sessions sessions;
    private final Upstreams upstreams;
    private final ExchangeAuth auth;
    private final ExchangeCheck[] admission;
    private final ProxyMetrics metrics;
    private final OpenStreams streams = new OpenStreams();
    private volatile CallTimeouts<UpstreamCall> timeouts;

    /**
     * @param auth      the auth stage
     * @param rateLimit the rate-limit stage
     * @param policy    the policy stage
     */
    ProxyContext(ProxySettings settings, EnvelopeParser parser, OriginPolicy origins, Sessions sessions,
                 Upstreams upstreams, ExchangeAuth auth, ExchangeCheck rateLimit,
                 ExchangeCheck policy, ProxyMetrics metrics) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.origins = Objects.requireNonNull(origins, "origins");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.upstreams = Objects.requireNonNull(upstreams, "upstreams");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.admission = new ExchangeCheck[] {Objects.requireNonNull(rateLimit, "rateLimit"),
                Objects.requireNonNull(policy, "policy")};
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    ProxySettings settings() {
        return settings;
    }

    EnvelopeParser parser() {
        return parser;
    }

    OriginPolicy origins() {
        return origins;
    }

    Sessions sessions() {
        return sessions;
    }

    Upstreams upstreams() {
        return upstreams;
    }

    /** The standalone event streams open now, ended cleanly at shutdown. */
    OpenStreams streams() {
        return streams;
    }

    /** The timeouts of upstream calls in flight; set by {@link #startTimeouts} before the first exchange. */
    CallTimeouts<UpstreamCall> timeouts() {
        return timeouts;
    }

    /** Called once as the handler starts, with the server's scheduler. */
    void startTimeouts(Scheduler scheduler) {
        timeouts = CallTimeouts.shared(scheduler);
    }

    /** Called as the handler stops: the timer is disarmed. */
    void stopTimeouts() {
        CallTimeouts<UpstreamCall> stopping = timeouts;
        if (stopping != null) {
            stopping.destroy();
        }
    }

    ExchangeAuth auth() {
        return auth;
    }

    /** The admission checks after auth in stage order: rate limit, policy. Callers must not modify it. */
    ExchangeCheck[] admission() {
        return admission;
    }

    ProxyMetrics metrics() {
        return metrics;
    }
}
