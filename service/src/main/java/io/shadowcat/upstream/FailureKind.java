package io.shadowcat.upstream;

/**
 * Why a request towards an upstream failed, as counted in {@code shadowcat_upstream_errors_total{kind}}.
 * The first five are the upstream's fault and feed its circuit breaker and outlier detection; the last
 * two are the proxy protecting it and feed nothing.
 */
public enum FailureKind {
    /** No connection could be opened (refused, unreachable, connect timeout). */
    CONNECT("connect", true),
    /** No complete JSON response within the total timeout. */
    TIMEOUT("timeout", true),
    /** A response or stream that went silent for longer than the idle timeout. */
    IDLE("idle", true),
    /** The connection broke (reset, closed early, malformed response). */
    RESET("reset", true),
    /** The upstream answered with a 5xx status. */
    STATUS_5XX("http_5xx", true),
    /** Refused by the proxy because the upstream's circuit breaker is open. */
    BREAKER_OPEN("breaker_open", false),
    /** Refused by the proxy because the upstream's connections and pool queue are all taken. */
    POOL_FULL("pool_full", false);

    private final String label;
    private final boolean upstreamFault;

    FailureKind(String label, boolean upstreamFault) {
        this.label = label;
        this.upstreamFault = upstreamFault;
    }

    /** The metric label. */
    public String label() {
        return label;
    }

    /** Whether this failure says something about the upstream's health. */
    public boolean upstreamFault() {
        return upstreamFault;
    }
}
