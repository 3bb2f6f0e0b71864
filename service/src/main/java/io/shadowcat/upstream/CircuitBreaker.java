package io.shadowcat.upstream;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * One upstream's circuit breaker: {@code closed} until {@code failureThreshold} consecutive failures,
 * then {@code open} (every request refused) for {@code openFor}, then {@code half-open}: up to
 * {@code trialRequests} trial requests at a time are let through; that many successes close it, one
 * failure opens it again.
 *
 * <p>A request asks {@link #tryAcquire()} and reports its outcome with the permit it got, so outcomes
 * of requests admitted before the breaker opened never count as trials. Thread-safe: the closed path
 * reads one volatile field; transitions take the instance lock. Time comes from the injected clock.
 */
public final class CircuitBreaker {
    /** No permit: the request must not be sent. */
    public static final int REFUSED = 0;
    /** An ordinary permit (breaker closed). */
    public static final int NORMAL = 1;
    /** A half-open trial permit. */
    public static final int TRIAL = 2;

    /**
     * @param failureThreshold consecutive failures that open the breaker
     * @param openFor          how long it stays open before trials
     * @param trialRequests    concurrent trials allowed while half-open, and the successes that close it
     */
    public record Settings(int failureThreshold, Duration openFor, int trialRequests) {
        public Settings {
            if (failureThreshold < 1 || trialRequests < 1) {
                throw new IllegalArgumentException("failureThreshold and trialRequests must be positive");
            }
            Objects.requireNonNull(openFor, "openFor");
        }

        /** Five failures in a row open it for ten seconds; one trial at a time, one success closes it. */
        public static Settings defaults() {
            return new Settings(5, Duration.ofSeconds(10), 1);
        }
    }

    /** Told of every transition, on the thread that caused it, under no lock of the caller's. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (from, to, reason) -> { };

        void transition(BreakerState from, BreakerState to, String reason);
    }

    private final Settings settings;
    private final LongSupplier nanoClock;
    private final Listener listener;
    private volatile BreakerState state = BreakerState.CLOSED;
    private volatile int consecutiveFailures;
    private long openedAt;
    private int trialsInFlight;
    private int trialSuccesses;

    public CircuitBreaker(Settings settings, LongSupplier nanoClock, Listener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The state now (an open breaker whose time is up reports open until a request tries it). */
    public BreakerState state() {
        return state;
    }

    /** Whether a new request would get a permit now, without taking one. */
    public boolean allowsRequests() {
        if (state == BreakerState.CLOSED) {
            return true;
        }
        synchronized (this) {
            return state == BreakerState.OPEN ? openTimeUp() : trialsInFlight < settings.trialRequests();
        }
    }

    /** {@link #NORMAL}, {@link #TRIAL} or {@link #REFUSED}. */
    public int tryAcquire() {
        if (state == BreakerState.CLOSED) {
            return NORMAL;
        }
        String transition = null;
        int permit;
        synchronized (this) {
            if (state == BreakerState.CLOSED) {
                return NORMAL;
            }
            if (state == BreakerState.OPEN) {
                if (!openTimeUp()) {
                    return REFUSED;
                }
                state = BreakerState.HALF_OPEN;
                trialsInFlight = 0;
                trialSuccesses = 0;
                transition = "open for " + settings.openFor().toMillis() + " ms; trying";
            }
            if (trialsInFlight < settings.trialRequests()) {
                trialsInFlight++;
                permit = TRIAL;
            } else {
                permit = REFUSED;
            }
        }
        if (transition != null) {
            listener.transition(BreakerState.OPEN, BreakerState.HALF_OPEN, transition);
        }
        return permit;
    }

    /** A request sent under {@code permit} succeeded. */
    public void onSuccess(int permit) {
        if (permit != TRIAL) {
            if (consecutiveFailures != 0 && state == BreakerState.CLOSED) {
                consecutiveFailures = 0;
            }
            return;
        }
        boolean closed = false;
        synchronized (this) {
            if (state != BreakerState.HALF_OPEN) {
                return;
            }
            trialsInFlight--;
            if (++trialSuccesses >= settings.trialRequests()) {
                state = BreakerState.CLOSED;
                consecutiveFailures = 0;
                closed = true;
            }
        }
        if (closed) {
            listener.transition(BreakerState.HALF_OPEN, BreakerState.CLOSED, trialSuccesses + " trial requests succeeded");
        }
    }

    /** A request sent under {@code permit} failed because of the upstream. */
    public void onFailure(int permit, String reason) {
        BreakerState from;
        String why;
        synchronized (this) {
            from = state;
            if (permit == TRIAL && from == BreakerState.HALF_OPEN) {
                why = "trial request failed: " + reason;
            } else if (permit == NORMAL && from == BreakerState.CLOSED && ++consecutiveFailures >= settings.failureThreshold()) {
                why = consecutiveFailures + " consecutive failures, the last: " + reason;
            } else {
                return;
            }
            state = BreakerState.OPEN;
            openedAt = nanoClock.getAsLong();
        }
        listener.transition(from, BreakerState.OPEN, why);
    }

    /** A request sent under {@code permit} ended with no verdict on the upstream (the client went away). */
    public void onIgnored(int permit) {
        if (permit == TRIAL) {
            synchronized (this) {
                if (state == BreakerState.HALF_OPEN && trialsInFlight > 0) {
                    trialsInFlight--;
                }
            }
        }
    }

    /** How long until an open breaker lets a trial through; zero when it is not open. */
    public Duration retryAfter() {
        synchronized (this) {
            if (state != BreakerState.OPEN) {
                return Duration.ZERO;
            }
            long left = settings.openFor().toNanos() - (nanoClock.getAsLong() - openedAt);
            return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
        }
    }

    private boolean openTimeUp() {
        return nanoClock.getAsLong() - openedAt >= settings.openFor().toNanos();
    }
}
