package io.shadowcat.proxy;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of the MCP endpoint.
 *
 * @param maxRequestBytes largest POST body accepted (413 beyond)
 * @param responseTimeout longest wait for the upstream's first response byte (504 beyond)
 * @param idleTimeout     longest silence on an upstream exchange once it is streaming
 */
public record ProxySettings(long maxRequestBytes, Duration responseTimeout, Duration idleTimeout) {
    public ProxySettings {
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException("maxRequestBytes must be positive");
        }
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
    }
}
