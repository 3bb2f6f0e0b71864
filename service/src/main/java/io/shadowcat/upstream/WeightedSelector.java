package io.shadowcat.upstream;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Smooth weighted round-robin (as nginx does it): over any run of picks each candidate's share is its
 * weight over the sum of weights, and picks of a heavy upstream are spread out instead of bunched.
 * Thread-safe (instance lock, held for a few additions).
 */
public final class WeightedSelector implements Selector {
    private final Map<Upstream, long[]> current = new IdentityHashMap<>();

    @Override
    public synchronized Upstream pick(List<Upstream> candidates) {
        long total = 0;
        Upstream best = null;
        long[] bestWeight = null;
        for (Upstream candidate : candidates) {
            long[] weight = current.computeIfAbsent(candidate, c -> new long[1]);
            weight[0] += candidate.weight();
            total += candidate.weight();
            if (best == null || weight[0] > bestWeight[0]) {
                best = candidate;
                bestWeight = weight;
            }
        }
        bestWeight[0] -= total;
        return best;
    }
}
