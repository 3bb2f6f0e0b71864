package io.shadowcat.upstream;

import java.time.Duration;
import java.util.Objects;

/**
 * How an upstream is checked actively.
 *
 * @param path     an HTTP path answered with 2xx when healthy; {@code null} for an MCP {@code ping}
 *                 POSTed to the endpoint (healthy on any answer below 500: a session-based server may
 *                 refuse a ping without a session with 400, and is alive all the same)
 * @param interval time between checks
 * @param timeout  longest wait for an answer
 */
public record HealthProbe(String path, Duration interval, Duration timeout) {
    public HealthProbe {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        if (interval.isZero() || interval.isNegative() || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("interval and timeout must be positive");
        }
    }
}
