package io.shadowcat.upstream;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request's hold on an upstream, from the moment it is routed there until its outcome is known:
 * it counts in the upstream's in-flight gauge meanwhile, and its end feeds the circuit breaker,
 * outlier detection, latency average and error counters. The holder ends it with exactly one of
 * {@link #success}, {@link #failure} or {@link #ignore}; later calls are ignored. Thread-safe.
 */
public final class UpstreamLease {
    private final Upstream upstream;
    private final int permit;
    private final AtomicBoolean ended = new AtomicBoolean();

    UpstreamLease(Upstream upstream, int permit) {
        this.upstream = upstream;
        this.permit = permit;
    }

    public Upstream upstream() {
        return upstream;
    }

    /** The upstream answered (status below 500); {@code latencyNanos} is to its first byte, 0 if unknown. */
    public void success(long latencyNanos) {
        if (ended.compareAndSet(false, true)) {
            upstream.succeeded(permit, latencyNanos);
        }
    }

    /** The request failed for {@code kind}; {@code reason} is for logs and events. */
    public void failure(FailureKind kind, String reason) {
        if (ended.compareAndSet(false, true)) {
            upstream.failed(permit, kind, reason);
        }
    }

    /** The request ended with no verdict on the upstream (the client went away, the proxy stopped). */
    public void ignore() {
        if (ended.compareAndSet(false, true)) {
            upstream.ignored(permit);
        }
    }
}
