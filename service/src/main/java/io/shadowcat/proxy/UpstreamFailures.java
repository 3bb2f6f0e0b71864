package io.shadowcat.proxy;

import io.shadowcat.jsonrpc.JsonRpcError;
import io.shadowcat.profiler.ExchangeTimer;
import io.shadowcat.upstream.FailureKind;
import io.shadowcat.upstream.Upstream;
import io.shadowcat.upstream.UpstreamLease;
import java.net.ConnectException;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both upstream legs ({@link UpstreamCall} on Jetty, {@link LoopUpstreamCall} on Netty) tell the client and the
 * record about a failed upstream call, and how long a call may wait for a connection: one wording for both data
 * planes. Stateless.
 */
final class UpstreamFailures {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamFailures.class);

    private UpstreamFailures() {
    }

    /**
     * Where a request goes after {@code refused} refused its connection before any of it went out: another upstream
     * (none of {@code tried}, which includes {@code refused}) that can take it, when the retry budget allows (a retry is
     * withdrawn from it); empty otherwise. The timer is told the new upstream.
     */
    static Optional<UpstreamLease> retryTarget(ProxyContext context, ExchangeTimer timer, Upstream refused,
                                               List<Upstream> tried) {
        Optional<UpstreamLease> next = context.upstreams().choose(tried);
        if (next.isEmpty()) {
            return next;
        }
        if (!context.upstreams().retryBudget().tryWithdraw()) {
            next.get().ignore();
            LOG.info("P2S #{} no retry after '{}' refused the connection: the retry budget is spent", timer.id(), refused.name());
            return Optional.empty();
        }
        LOG.info("P2S #{} '{}' refused the connection; retrying on '{}'", timer.id(), refused.name(),
                next.get().upstream().name());
        timer.upstream(next.get().upstream().name());
        return next;
    }

    /** The answer to a call that failed before its response started: 504 for timeouts, 503 when shed, else 502. */
    static Rejection rejection(FailureKind kind, Upstream upstream, Throwable failure) {
        return switch (kind) {
            case TIMEOUT, IDLE -> Rejection.of(504, JsonRpcError.UPSTREAM_TIMEOUT,
                    "upstream '" + upstream.name() + "' timed out: " + failure.getMessage());
            case POOL_FULL -> Rejection.of(503, JsonRpcError.UPSTREAM_UNAVAILABLE,
                    "upstream '" + upstream.name() + "' has too many requests waiting for a connection: "
                            + describe(failure))
                    .withHeader(new HttpField(HttpHeader.RETRY_AFTER, "1"));
            default -> Rejection.of(502, JsonRpcError.UPSTREAM_UNAVAILABLE,
                    "upstream '" + upstream.name() + "' failed: " + describe(failure));
        };
    }

    static Rejection notStarted(Upstream upstream) {
        return Rejection.of(502, JsonRpcError.UPSTREAM_UNAVAILABLE, "upstream '" + upstream.name() + "' is not started");
    }

    static Rejection noCredential(Upstream upstream) {
        return Rejection.of(502, JsonRpcError.UPSTREAM_UNAVAILABLE,
                "could not obtain credentials for upstream '" + upstream.name() + "'");
    }

    /** A failure in a few words: "connection refused", "connect timed out", or its message. */
    static String describe(Throwable failure) {
        if (failure instanceof io.netty.channel.ConnectTimeoutException) {
            return "connect timed out";
        }
        if (failure instanceof ConnectException) {
            return "connection refused";
        }
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message;
    }

    /**
     * How long a request may wait for a pooled connection: the queue timeout, or, while the upstream's pool queue is
     * standing (see {@link io.shadowcat.upstream.PoolQueue}), twice the queue target; 0 for no limit but the response
     * timeout.
     */
    static long queueWaitMillis(ProxySettings settings, Upstream upstream) {
        long timeout = settings.queueTimeout().toMillis();
        long target = settings.queueTarget().toMillis();
        if (target > 0 && upstream.poolQueue().standing()) {
            return timeout > 0 ? Math.min(timeout, 2 * target) : 2 * target;
        }
        return timeout;
    }
}
