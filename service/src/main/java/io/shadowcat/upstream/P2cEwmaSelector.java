package io.shadowcat.upstream;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;

/**
 * Power of two choices over a latency-aware load: two distinct candidates are drawn at random and the
 * one with the lower {@code EWMA latency × (in-flight + 1)} wins. A slow upstream is avoided as soon as
 * its latency shows, without herding every request onto the one fastest upstream. An upstream with no
 * latency sample yet counts as free while idle, so new upstreams get traffic at once.
 *
 * <p>Thread-safe; the random source is injected so a test can fix it.
 */
public final class P2cEwmaSelector implements Selector {
    /** Load of a busy upstream whose latency is not known yet: high, so it is not flooded. */
    private static final double UNKNOWN_BUSY = 1e12;

    private final IntUnaryOperator random;

    /** Draws with {@link ThreadLocalRandom}. */
    public P2cEwmaSelector() {
        this(bound -> ThreadLocalRandom.current().nextInt(bound));
    }

    /** @param random given a bound n, a number in {@code [0, n)} */
    public P2cEwmaSelector(IntUnaryOperator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public Upstream pick(List<Upstream> candidates) {
        int size = candidates.size();
        if (size == 1) {
            return candidates.get(0);
        }
        int first = random.applyAsInt(size);
        int second = random.applyAsInt(size - 1);
        if (second >= first) {
            second++;
        }
        Upstream a = candidates.get(first);
        Upstream b = candidates.get(second);
        return load(b) < load(a) ? b : a;
    }

    static double load(Upstream upstream) {
        double latency = upstream.latency().nanos();
        int inFlight = upstream.inFlight();
        if (latency == 0) {
            return inFlight == 0 ? 0 : UNKNOWN_BUSY + inFlight;
        }
        return latency * (inFlight + 1);
    }
}
