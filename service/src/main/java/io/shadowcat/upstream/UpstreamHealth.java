package io.shadowcat.upstream;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Whether one upstream should get new sessions: the verdict of its active checks (after
 * {@code unhealthyThreshold} failed checks in a row it is unhealthy, after {@code healthyThreshold}
 * passed checks healthy again) and of passive outlier detection on real traffic (ejected for
 * {@code ejectFor} after {@code consecutiveFailures} failures in a row, or when at least
 * {@code errorRatio} of the requests in the last {@code window} failed, counting only once
 * {@code minRequests} were seen).
 *
 * <p>An upstream that has never been checked is healthy. Thread-safe: {@link #isHealthy()} reads
 * volatile fields; counters and transitions take the instance lock, and listeners are told outside it.
 */
public final class UpstreamHealth {
    /** Source of a transition: an active check. */
    public static final String ACTIVE = "active";
    /** Source of a transition: outlier detection on real traffic. */
    public static final String PASSIVE = "passive";

    /**
     * @param healthyThreshold    passed checks in a row that make an unhealthy upstream healthy
     * @param unhealthyThreshold  failed checks in a row that make a healthy upstream unhealthy
     * @param consecutiveFailures failed requests in a row that eject it
     * @param errorRatio          failed share of requests in the window that ejects it (above 1: never)
     * @param minRequests         requests in the window before the ratio counts
     * @param window              the span the error ratio is computed over
     * @param ejectFor            how long an ejection lasts
     */
    public record Settings(int healthyThreshold, int unhealthyThreshold, int consecutiveFailures, double errorRatio,
                           int minRequests, Duration window, Duration ejectFor) {
        public Settings {
            if (healthyThreshold < 1 || unhealthyThreshold < 1 || consecutiveFailures < 1 || minRequests < 1) {
                throw new IllegalArgumentException("thresholds must be positive");
            }
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(ejectFor, "ejectFor");
        }

        public static Settings defaults() {
            return new Settings(2, 3, 5, 0.5, 20, Duration.ofSeconds(10), Duration.ofSeconds(30));
        }
    }

    /** Told of every transition, outside any lock. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (healthy, source, reason) -> { };

        void transition(boolean healthy, String source, String reason);
    }

    private final Settings settings;
    private final LongSupplier nanoClock;
    private final Listener listener;
    private volatile boolean activeHealthy = true;
    private volatile long ejectedUntil;
    private volatile boolean ejected;
    private volatile boolean checked;
    private int checkStreak;
    private int failureStreak;
    private long bucketStart;
    private int requests;
    private int failures;
    private int previousRequests;
    private int previousFailures;

    public UpstreamHealth(Settings settings, LongSupplier nanoClock, Listener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.bucketStart = nanoClock.getAsLong();
    }

    /** Healthy by active checks and not ejected by outlier detection. */
    public boolean isHealthy() {
        if (ejected && nanoClock.getAsLong() - ejectedUntil >= 0) {
            boolean ended;
            synchronized (this) {
                ended = ejected && nanoClock.getAsLong() - ejectedUntil >= 0;
                ejected = !ended && ejected;
            }
            if (ended) {
                listener.transition(activeHealthy, PASSIVE, "ejection of " + settings.ejectFor().toMillis() + " ms over");
            }
        }
        return activeHealthy && !ejected;
    }

    /** Whether an active check has ever reported on this upstream. */
    public boolean checked() {
        return checked;
    }

    /** One active check's result. */
    public void onCheck(boolean passed, String detail) {
        boolean changed = false;
        synchronized (this) {
            checked = true;
            if (passed == activeHealthy) {
                checkStreak = 0;
                return;
            }
            checkStreak++;
            if (checkStreak >= (passed ? settings.healthyThreshold() : settings.unhealthyThreshold())) {
                activeHealthy = passed;
                checkStreak = 0;
                changed = true;
            }
        }
        if (changed) {
            listener.transition(passed && !ejected, ACTIVE, detail);
        }
    }

    /** One real request's outcome: {@code failed} when the upstream was at fault. */
    public void onOutcome(boolean failed) {
        String ejection = null;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            long windowNanos = settings.window().toNanos();
            if (now - bucketStart >= windowNanos) {
                boolean adjacent = now - bucketStart < 2 * windowNanos;
                previousRequests = adjacent ? requests : 0;
                previousFailures = adjacent ? failures : 0;
                requests = 0;
                failures = 0;
                bucketStart = now;
            }
            requests++;
            if (!failed) {
                failureStreak = 0;
                return;
            }
            failures++;
            failureStreak++;
            int seen = requests + previousRequests;
            int failedInWindow = failures + previousFailures;
            if (ejected) {
                return;
            }
            if (failureStreak >= settings.consecutiveFailures()) {
                ejection = failureStreak + " consecutive failures";
            } else if (seen >= settings.minRequests() && failedInWindow >= settings.errorRatio() * seen) {
                ejection = failedInWindow + " of " + seen + " requests failed";
            } else {
                return;
            }
            ejected = true;
            ejectedUntil = now + settings.ejectFor().toNanos();
            failureStreak = 0;
            requests = failures = previousRequests = previousFailures = 0;
        }
        listener.transition(false, PASSIVE, ejection);
    }
}
