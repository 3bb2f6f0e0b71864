package io.shadowcat.upstream;

import java.time.Duration;
import java.util.Objects;

/**
 * The connection-pool settings an upstream gets when its own {@code pool:} block leaves them out: the
 * proxy-wide ones of the {@code proxy:} block.
 */
public record PoolDefaults(Duration connectTimeout, Duration idleTimeout, int maxConnections, int maxQueuedRequests,
                           int selectors) {
    public PoolDefaults {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxConnections < 1 || maxQueuedRequests < 1) {
            throw new IllegalArgumentException("pool sizes must be positive");
        }
        if (selectors < 1) {
            throw new IllegalArgumentException("an upstream needs at least one selector");
        }
    }
}
