package io.shadowcat.upstream;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Whether an upstream's pool queue is standing, in the sense of CoDel (Nichols and Jacobson, 2012): a
 * burst queues and drains; a queue in which no request found a connection within the target wait for a
 * whole {@linkplain #INTERVAL_NANOS interval} is overload, and letting requests wait in it longer only
 * adds latency and answers clients that have given up. The proxy then lets a request wait only a little
 * longer than the target before it sheds it, so the queue drains, the requests that get through are
 * answered soon, and the queue stops standing as soon as arrivals fall below what the upstream serves.
 *
 * <p>Only requests that got a connection say anything about the queue; when none has for an interval
 * (every one was shed, or none came), the queue is not taken to be standing, so the next requests get
 * the full wait again: an upstream whose connections take longer than the short wait to open is not
 * cut off for good.
 *
 * <p>Thread-safe and lock-free: two volatile timestamps, written on a change of state or when a
 * millisecond stale.
 */
public final class PoolQueue {
    /**
     * How long every request must wait above the target for the queue to count as standing (CoDel's
     * interval). A second, not CoDel's 100 ms: a pool that is still opening its connections, or an
     * upstream's pause, makes waits of a few hundred ms that a proxy should sit out, not shed.
     */
    public static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long NONE = Long.MIN_VALUE;

    private final LongSupplier nanoClock;
    /** Since when every request that got a connection waited longer than the target; {@link #NONE} when the last did not. */
    private volatile long aboveSince = NONE;
    /** When a request last got a connection. */
    private volatile long lastStart;

    PoolQueue(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.lastStart = nanoClock.getAsLong();
    }

    /** A request got its connection (its upstream request began) after waiting {@code waitedNanos}. */
    public void started(long waitedNanos, long targetNanos) {
        long now = nanoClock.getAsLong();
        if (now - lastStart > REFRESH_NANOS) {
            lastStart = now;
        }
        if (waitedNanos <= targetNanos) {
            if (aboveSince != NONE) {
                aboveSince = NONE;
            }
        } else if (aboveSince == NONE) {
            aboveSince = now;
        }
    }

    /**
     * Whether every request that got a connection for a whole interval waited longer than the target,
     * and one did within the last interval.
     */
    public boolean standing() {
        long now = nanoClock.getAsLong();
        long since = aboveSince;
        return since != NONE && now - since > INTERVAL_NANOS && now - lastStart <= INTERVAL_NANOS;
    }
}
