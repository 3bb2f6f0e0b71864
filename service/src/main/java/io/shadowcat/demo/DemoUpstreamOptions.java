package io.shadowcat.demo;

import java.time.Duration;
import java.util.Objects;

/**
 * How the demo MCP upstream behaves: how long it waits before answering, how large its echo
 * answers are, and whether it answers as server-sent events.
 *
 * <p>Immutable and thread-safe. The canonical constructor checks every component, so an instance
 * is always valid.
 *
 * @param latency added before every response (and before a stream's first byte); zero for none
 * @param payloadBytes filler characters appended to every {@code echo} result's text
 * @param sse answer every request as a one-event {@code text/event-stream} instead of
 *     {@code application/json}
 * @param keepAliveInterval time between {@code : keep-alive} comments on a standalone GET stream
 */
public record DemoUpstreamOptions(
        Duration latency, int payloadBytes, boolean sse, Duration keepAliveInterval) {

    /** The keep-alive interval of the standalone GET stream unless told otherwise. */
    public static final Duration DEFAULT_KEEP_ALIVE_INTERVAL = Duration.ofSeconds(15);

    public DemoUpstreamOptions {
        checkLatency(latency);
        checkPayloadBytes(payloadBytes);
        checkKeepAliveInterval(keepAliveInterval);
    }

    /** No latency, no padding, JSON answers, keep-alive every 15 s. */
    public static DemoUpstreamOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    private static Duration checkLatency(Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        return latency;
    }

    private static int checkPayloadBytes(int payloadBytes) {
        if (payloadBytes < 0) {
            throw new IllegalArgumentException(
                    "payloadBytes must not be negative: " + payloadBytes);
        }
        return payloadBytes;
    }

    private static Duration checkKeepAliveInterval(Duration interval) {
        Objects.requireNonNull(interval, "keepAliveInterval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("keepAliveInterval must be positive: " + interval);
        }
        return interval;
    }

    /** Builds {@link DemoUpstreamOptions}; each setter checks its argument. Not thread-safe. */
    public static final class Builder {
        private Duration latency = Duration.ZERO;
        private int payloadBytes;
        private boolean sse;
        private Duration keepAliveInterval = DEFAULT_KEEP_ALIVE_INTERVAL;

        private Builder() {
        }

        public Builder latency(Duration latency) {
            this.latency = checkLatency(latency);
            return this;
        }

        public Builder payloadBytes(int payloadBytes) {
            this.payloadBytes = checkPayloadBytes(payloadBytes);
            return this;
        }

        public Builder sse(boolean sse) {
            this.sse = sse;
            return this;
        }

        public Builder keepAliveInterval(Duration keepAliveInterval) {
            this.keepAliveInterval = checkKeepAliveInterval(keepAliveInterval);
            return this;
        }

        public DemoUpstreamOptions build() {
            return new DemoUpstreamOptions(latency, payloadBytes, sse, keepAliveInterval);
        }
    }
}
