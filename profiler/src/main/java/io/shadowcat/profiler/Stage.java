package io.shadowcat.profiler;

/**
 * The stages of one proxied exchange, in the order a request passes through them.
 *
 * <p>The {@link #wireName() wire names} are a contract: JFR events, metrics, reports and regression
 * metric names all use exactly these words. {@link #TOTAL} spans the whole exchange; the others are
 * disjoint parts of it, and whatever {@code TOTAL} holds beyond their sum is reported as unattributed.
 */
public enum Stage {
    /** First request byte until the JSON-RPC envelope is parsed. */
    RECEIVE("receive"),
    /** Bearer token to principal, or a refusal. */
    AUTH("auth"),
    /** Every rate-limit tier checked. */
    RATELIMIT("ratelimit"),
    /** Interceptor and policy chain decided. */
    POLICY("policy"),
    /** Session decoded and upstream chosen. */
    ROUTE("route"),
    /** Upstream connection acquired from the pool, or opened. */
    CONNECT("connect"),
    /** Request sent until the first response byte from the upstream. */
    UPSTREAM("upstream"),
    /** First response byte until the last byte is written to the client. */
    STREAM("stream"),
    /** First request byte until the last response byte. */
    TOTAL("total");

    private static final Stage[] VALUES = values();

    private final String wireName;

    Stage(String wireName) {
        this.wireName = wireName;
    }

    /** The stage's name in events, metrics and reports. */
    public String wireName() {
        return wireName;
    }

    /** All stages without allocating a fresh array. Callers must not modify the returned array. */
    static Stage[] all() {
        return VALUES;
    }
}
