package io.shadowcat.upstream;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A peak-sensitive, time-decayed moving average of one upstream's latency: a sample above the average
 * replaces it at once (a slow upstream is noticed on its first slow answer), a lower one pulls it down
 * with weight {@code 1 - exp(-elapsed / decay)}, and while no samples arrive the average decays towards
 * zero, so an upstream avoided for being slow is tried again after a while. Thread-safe (instance lock).
 */
public final class LatencyEwma {
    private final double decayNanos;
    private final LongSupplier nanoClock;
    private double cost;
    private long stamp;

    public LatencyEwma(Duration decay, LongSupplier nanoClock) {
        if (decay.isZero() || decay.isNegative()) {
            throw new IllegalArgumentException("decay must be positive");
        }
        this.decayNanos = decay.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.stamp = nanoClock.getAsLong();
    }

    /** Adds one latency sample. */
    public synchronized void observe(long nanos) {
        long now = nanoClock.getAsLong();
        double current = decayed(now);
        cost = nanos > current ? nanos : current + (nanos - current) * (1 - weight(now));
        stamp = now;
    }

    /** The average now, in nanoseconds; zero before the first sample. */
    public synchronized double nanos() {
        return decayed(nanoClock.getAsLong());
    }

    private double decayed(long now) {
        return cost * weight(now);
    }

    private double weight(long now) {
        return Math.exp(-Math.max(0, now - stamp) / decayNanos);
    }
}
