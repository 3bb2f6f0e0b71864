package io.shadowcat.auth;

import com.codahale.metrics.health.HealthCheck;
import java.util.Objects;

/**
 * Healthy while tokens can be checked: unhealthy only when no keys are held. A failed refresh while
 * cached keys keep serving stays healthy but says so, with the time of the last good fetch.
 */
public final class JwksHealthCheck extends HealthCheck {
    private final RemoteJwks keys;

    public JwksHealthCheck(RemoteJwks keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    protected Result check() {
        RemoteJwks.Status status = keys.status();
        if (keys.current().isEmpty()) {
            return Result.unhealthy("no signing keys: " + status.lastFailure());
        }
        if (status.lastFailure() != null) {
            return Result.builder().healthy()
                    .withMessage("serving cached keys fetched at " + status.lastSuccess() + "; last fetch failed: " + status.lastFailure())
                    .withDetail("stale", true).build();
        }
        return Result.builder().healthy().withMessage(keys.current().getKeys().size() + " keys, fetched at " + status.lastSuccess())
                .withDetail("stale", false).build();
    }
}
