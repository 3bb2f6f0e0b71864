package io.shadowcat.upstream;

/** The state of an upstream's circuit breaker, with its gauge value (0 closed, 1 half-open, 2 open). */
public enum BreakerState {
    CLOSED("closed", 0),
    HALF_OPEN("half-open", 1),
    OPEN("open", 2);

    private final String label;
    private final int gauge;

    BreakerState(String label, int gauge) {
        this.label = label;
        this.gauge = gauge;
    }

    public String label() {
        return label;
    }

    /** The value of {@code shadowcat_upstream_breaker_state}. */
    public int gauge() {
        return gauge;
    }
}
