package io.shadowcat.upstream;

import com.codahale.metrics.health.HealthCheck;
import java.util.List;
import java.util.Objects;

/**
 * Healthy when every configured upstream has an endpoint to send to (an embedded one gets its
 * endpoint when its server starts). Reachability and outlier detection belong to the upstream pool's
 * own checks.
 */
public final class UpstreamsHealthCheck extends HealthCheck {
    private final Upstreams upstreams;

    public UpstreamsHealthCheck(Upstreams upstreams) {
        this.upstreams = Objects.requireNonNull(upstreams, "upstreams");
    }

    @Override
    protected Result check() {
        List<String> unbound = upstreams.all().stream().filter(u -> u.endpoint() == null).map(Upstream::name).toList();
        if (!unbound.isEmpty()) {
            return Result.unhealthy("upstreams without an endpoint: %s", unbound);
        }
        return Result.healthy("%s", upstreams.all());
    }
}
