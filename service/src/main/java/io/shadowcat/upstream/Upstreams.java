package io.shadowcat.upstream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The configured upstreams, by name, and the choice of one for a new session or a session-less
 * request (round-robin; smarter selection and health belong to the upstream pool). Thread-safe.
 */
public final class Upstreams {
    private final Upstream[] ordered;
    private final Map<String, Upstream> byName;
    private final AtomicInteger next = new AtomicInteger();

    public Upstreams(List<Upstream> upstreams) {
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("at least one upstream is required");
        }
        this.ordered = upstreams.toArray(Upstream[]::new);
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

    /** The upstream for a new session or a session-less request. */
    public Upstream choose() {
        return ordered[Math.floorMod(next.getAndIncrement(), ordered.length)];
    }

    /** All upstreams in configuration order. */
    public List<Upstream> all() {
        return List.of(ordered);
    }
}
