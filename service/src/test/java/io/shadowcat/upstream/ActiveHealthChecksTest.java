package io.shadowcat.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.testing.ScriptedUpstream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.io.Content;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Active checks over real sockets: what a probe sends, and how its answers move the upstream's health. */
class ActiveHealthChecksTest {
    private ScriptedUpstream server;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        server = ScriptedUpstream.start();
        client = new HttpClient();
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        server.close();
    }

    private Upstream upstream(String path) {
        return Upstream.builder("probed").endpoint(server.endpoint()).client(client)
                .probe(new HealthProbe(path, Duration.ofSeconds(10), Duration.ofSeconds(3)))
                .health(new UpstreamHealth.Settings(1, 2, 5, 0.5, 20, Duration.ofSeconds(10), Duration.ofSeconds(30)))
                .credential(UpstreamCredential.fixed(new org.eclipse.jetty.http.HttpField("X-Upstream-Key", "k")))
                .build();
    }

    private boolean probe(ActiveHealthChecks checks, Upstream upstream) throws Exception {
        return checks.probe(upstream).get(5, TimeUnit.SECONDS);
    }

    @Test
    void anMcpPingMovesHealthThroughItsThresholds() throws Exception {
        Upstream upstream = upstream(null);
        ActiveHealthChecks checks = new ActiveHealthChecks(List.of(upstream));
        List<String> bodies = new CopyOnWriteArrayList<>();
        server.behave((request, response, callback) -> {
            bodies.add(Content.Source.asString(request, StandardCharsets.UTF_8));
            // A session-based server refuses a ping without a session: it is alive all the same.
            ScriptedUpstream.json(response, callback, 400, "{}");
        });
        assertThat(probe(checks, upstream)).isTrue();
        assertThat(upstream.health().checked()).isTrue();
        assertThat(bodies).singleElement().asString().contains("\"method\":\"ping\"");
        assertThat(server.received().get(0).get("Mcp-Method")).isEqualTo("ping");
        assertThat(server.received().get(0).get("X-Upstream-Key")).isEqualTo("k");

        server.behave((request, response, callback) -> ScriptedUpstream.json(response, callback, 503, "{}"));
        assertThat(probe(checks, upstream)).isFalse();
        assertThat(upstream.health().isHealthy()).as("one failure is below the threshold of two").isTrue();
        assertThat(probe(checks, upstream)).isFalse();
        assertThat(upstream.health().isHealthy()).isFalse();
        assertThat(upstream.eligible()).isFalse();

        server.behave((request, response, callback) -> ScriptedUpstream.json(response, callback, 200, "{}"));
        assertThat(probe(checks, upstream)).isTrue();
        assertThat(upstream.health().isHealthy()).isTrue();
    }

    @Test
    void aHealthPathMustAnswer2xxAndAnUnreachableUpstreamFails() throws Exception {
        Upstream upstream = upstream("/healthz");
        ActiveHealthChecks checks = new ActiveHealthChecks(List.of(upstream));
        server.behave((request, response, callback) -> ScriptedUpstream.json(response, callback,
                request.getHttpURI().getPath().equals("/healthz") ? 200 : 404, "{}"));
        assertThat(probe(checks, upstream)).isTrue();
        assertThat(server.received()).singleElement();

        server.behave((request, response, callback) -> ScriptedUpstream.json(response, callback, 404, "{}"));
        assertThat(probe(checks, upstream)).as("only 2xx passes a path check").isFalse();
        server.close();
        assertThat(probe(checks, upstream)).as("connection refused").isFalse();
        assertThat(upstream.health().isHealthy()).isFalse();
    }

    @Test
    void checksRunOnTheirIntervalOnceStarted() throws Exception {
        Upstream upstream = Upstream.builder("ticking").endpoint(server.endpoint()).client(client)
                .probe(new HealthProbe(null, Duration.ofMillis(50), Duration.ofMillis(500))).build();
        ActiveHealthChecks checks = new ActiveHealthChecks(List.of(upstream, Upstream.builder("unprobed").build()));
        checks.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.received().size() < 3 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        } finally {
            checks.stop();
        }
        assertThat(server.received().size()).isGreaterThanOrEqualTo(3);
        assertThat(upstream.health().checked()).isTrue();
    }
}
