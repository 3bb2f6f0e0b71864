package io.shadowcat.upstream;

import io.dropwizard.lifecycle.Managed;
import io.shadowcat.protocol.McpHeaders;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpMethod;

/**
 * Runs the active health checks of every upstream that has a {@link HealthProbe}: each on its own
 * interval, through the upstream's own HTTP client, reporting to its {@link UpstreamHealth}. A probe
 * is an MCP {@code ping} in the session-less protocol era (healthy on any answer below 500) or a GET of
 * the configured path (healthy on 2xx), within the probe's timeout.
 *
 * <p>Owns one daemon scheduling thread; the checks themselves are asynchronous. Thread-safe.
 */
public final class ActiveHealthChecks implements Managed {
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":\"shadowcat-health\",\"method\":\"ping\"}";

    private final List<Upstream> upstreams;
    private ScheduledExecutorService scheduler;

    public ActiveHealthChecks(List<Upstream> upstreams) {
        this.upstreams = List.copyOf(upstreams);
    }

    @Override
    public void start() {
        List<Upstream> probed = upstreams.stream().filter(u -> u.probe() != null).toList();
        if (probed.isEmpty()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "shadowcat-health-checks");
            thread.setDaemon(true);
            return thread;
        });
        for (Upstream upstream : probed) {
            long interval = upstream.probe().interval().toMillis();
            scheduler.scheduleWithFixedDelay(() -> probe(upstream), interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /**
     * Checks {@code upstream} once now and reports the result to its health; completes with whether it
     * passed. An upstream without an endpoint yet is not checked (completes with {@code false}, reports nothing).
     */
    public CompletableFuture<Boolean> probe(Upstream upstream) {
        HealthProbe probe = Objects.requireNonNull(upstream.probe(), "probe");
        URI endpoint = upstream.endpoint();
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        if (endpoint == null) {
            done.complete(false);
            return done;
        }
        Request request = probe.path() == null
                ? upstream.client().newRequest(endpoint).method(HttpMethod.POST)
                        .headers(h -> h.put("Accept", "application/json, text/event-stream")
                                .put(McpHeaders.PROTOCOL_VERSION, "2026-07-28").put(McpHeaders.METHOD, "ping"))
                        .body(new StringRequestContent("application/json", PING))
                : upstream.client().newRequest(endpoint.resolve(probe.path())).method(HttpMethod.GET);
        CompletableFuture<HttpField> pending = upstream.credential().header();
        HttpField credential = pending.isDone() && !pending.isCompletedExceptionally() ? pending.getNow(null) : null;
        if (credential != null) {
            request.headers(h -> h.put(credential));
        }
        request.timeout(probe.timeout().toMillis(), TimeUnit.MILLISECONDS).send(result -> {
            boolean passed;
            String detail;
            if (result.isFailed()) {
                passed = false;
                detail = "check failed: " + result.getFailure();
            } else {
                int status = result.getResponse().getStatus();
                passed = probe.path() == null ? status < 500 : status / 100 == 2;
                detail = "check answered " + status;
            }
            upstream.health().onCheck(passed, detail);
            done.complete(passed);
        });
        return done;
    }
}
