package io.shadowcat.upstream;

import com.codahale.metrics.health.HealthCheck;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Healthy while at least one upstream can take new sessions (bound to an endpoint, healthy, breaker
 * not open): one sick upstream is the pool's business, not the whole proxy's. The message lists every
 * upstream's condition, e.g. {@code a=http://10.0.0.1/mcp healthy/closed, b=http://10.0.0.2/mcp unhealthy/open}.
 */
public final class UpstreamsHealthCheck extends HealthCheck {
    private final Upstreams upstreams;

    public UpstreamsHealthCheck(Upstreams upstreams) {
        this.upstreams = Objects.requireNonNull(upstreams, "upstreams");
    }

    @Override
    protected Result check() {
        List<Upstream> all = upstreams.all();
        String conditions = all.stream().map(UpstreamsHealthCheck::condition).collect(Collectors.joining(", "));
        boolean anyServing = all.stream().anyMatch(u -> u.endpoint() != null && u.eligible());
        return anyServing ? Result.healthy(conditions) : Result.unhealthy("no upstream can take requests: " + conditions);
    }

    private static String condition(Upstream upstream) {
        String health = upstream.endpoint() == null ? "not started" : upstream.health().isHealthy() ? "healthy" : "unhealthy";
        return upstream + " " + health + "/" + upstream.breaker().state().label();
    }
}
