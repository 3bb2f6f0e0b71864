package io.shadowcat.upstream;

import java.util.List;

/**
 * A load-balancing strategy: which of the candidate upstreams gets a new session or a session-less
 * request. Implementations are thread-safe and never block for long.
 */
@FunctionalInterface
public interface Selector {
    /** One of {@code candidates} (non-empty, in configuration order). */
    Upstream pick(List<Upstream> candidates);
}
