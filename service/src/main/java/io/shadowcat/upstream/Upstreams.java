package io.shadowcat.upstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The configured upstreams, by name, and the choice of one for a new session or a session-less
 * request: the selector picks among the eligible ones (healthy, breaker letting requests through).
 * When none is healthy it picks among those whose breaker still lets requests through, since a
 * doubtful upstream serves better than none; when every breaker is open there is no choice.
 * Thread-safe.
 */
public final class Upstreams {
    private final Upstream[] ordered;
    private final Map<String, Upstream> byName;
    private final Selector selector;
    private final RetryBudget retryBudget;

    public Upstreams(List<Upstream> upstreams, Selector selector, RetryBudget retryBudget) {
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("at least one upstream is required");
        }
        this.ordered = upstreams.toArray(Upstream[]::new);
        this.selector = Objects.requireNonNull(selector, "selector");
        this.retryBudget = Objects.requireNonNull(retryBudget, "retryBudget");
        Map<String, Upstream> names = new LinkedHashMap<>();
        for (Upstream upstream : upstreams) {
            if (names.put(upstream.name(), upstream) != null) {
                throw new IllegalArgumentException("upstream name '" + upstream.name() + "' is used twice");
            }
        }
        this.byName = Map.copyOf(names);
    }

    /** The upstream a session is pinned to, if it is still configured. */
    public Optional<Upstream> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * A lease on the upstream for a new session or a session-less request, other than those in
     * {@code excluded} (upstreams already tried); empty when no upstream can take it.
     */
    public Optional<UpstreamLease> choose(Collection<Upstream> excluded) {
        List<Upstream> candidates = new ArrayList<>(ordered.length);
        for (Upstream upstream : ordered) {
            if (!excluded.contains(upstream) && upstream.eligible()) {
                candidates.add(upstream);
            }
        }
        if (candidates.isEmpty()) {
            for (Upstream upstream : ordered) {
                if (!excluded.contains(upstream) && upstream.breaker().allowsRequests()) {
                    candidates.add(upstream);
                }
            }
        }
        while (!candidates.isEmpty()) {
            Upstream picked = selector.pick(candidates);
            Optional<UpstreamLease> lease = picked.tryAcquire();
            if (lease.isPresent()) {
                return lease;
            }
            // Its breaker filled its trial slots since the candidates were listed: pick again without it.
            candidates.remove(picked);
        }
        return Optional.empty();
    }

    /** The shortest wait until some open breaker lets a trial through (at least one second). */
    public Duration retryAfter() {
        Duration shortest = null;
        for (Upstream upstream : ordered) {
            Duration wait = upstream.breaker().retryAfter();
            shortest = shortest == null || wait.compareTo(shortest) < 0 ? wait : shortest;
        }
        return shortest == null || shortest.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : shortest;
    }

    /** The budget retries to another upstream are taken from. */
    public RetryBudget retryBudget() {
        return retryBudget;
    }

    /** All upstreams in configuration order. */
    public List<Upstream> all() {
        return List.of(ordered);
    }
}
