package io.shadowcat.upstream;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Each candidate in turn. Thread-safe and lock-free. */
public final class RoundRobinSelector implements Selector {
    private final AtomicInteger next = new AtomicInteger();

    @Override
    public Upstream pick(List<Upstream> candidates) {
        return candidates.get(Math.floorMod(next.getAndIncrement(), candidates.size()));
    }
}
