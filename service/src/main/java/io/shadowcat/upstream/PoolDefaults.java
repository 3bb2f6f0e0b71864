package io.shadowcat.upstream;

import java.time.Duration;
import java.util.Objects;

/**
 * The connection-pool settings an upstream gets when its own {@code pool:} block leaves them out: the
 * proxy-wide ones of the {@code proxy:} block.
 */
public record PoolDefaults(Duration connectTimeout, Duration idleTimeout, int maxConnections, int maxQueuedRequests) {
    public PoolDefaults {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxConnections < 1 || maxQueuedRequests < 1) {
            throw new IllegalArgumentException("pool sizes must be positive");
        }
    }
}
