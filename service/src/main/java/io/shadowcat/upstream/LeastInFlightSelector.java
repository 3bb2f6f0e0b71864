package io.shadowcat.upstream;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The candidate with the fewest requests in flight; ties go round-robin, so idle upstreams share the
 * work evenly. Thread-safe and lock-free (counts are read without a snapshot: a race costs one
 * slightly worse pick, never a wrong one).
 */
public final class LeastInFlightSelector implements Selector {
    private final AtomicInteger offset = new AtomicInteger();

    @Override
    public Upstream pick(List<Upstream> candidates) {
        int size = candidates.size();
        int start = Math.floorMod(offset.getAndIncrement(), size);
        Upstream best = null;
        int bestLoad = Integer.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            Upstream candidate = candidates.get((start + i) % size);
            int load = candidate.inFlight();
            if (load < bestLoad) {
                best = candidate;
                bestLoad = load;
            }
        }
        return best;
    }
}
