package io.shadowcat.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import io.shadowcat.testing.Endpoint;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.testing.McpTestClient;
import io.shadowcat.testing.ScriptedUpstream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * Stopping the proxy while requests are in flight: every one of them is answered, and an open event
 * stream ends cleanly instead of being cut.
 */
class GracefulShutdownTest {
    @Test
    void stoppingLosesNoInFlightRequestAndEndsStreamsCleanly() throws Exception {
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger calls = new AtomicInteger();
        ScriptedUpstream upstream = ScriptedUpstream.start();
        upstream.behave((request, response, callback) -> {
            if (HttpMethod.GET.is(request.getMethod())) {
                response.setStatus(200);
                response.getHeaders().put("Content-Type", "text/event-stream");
                response.write(false, ByteBuffer.wrap("event: message\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8)), Callback.NOOP);
                return;
            }
            String body = Content.Source.asString(request, StandardCharsets.UTF_8);
            if (body.contains("\"initialize\"")) {
                response.getHeaders().put("Mcp-Session-Id", "up-1");
                ScriptedUpstream.json(response, callback, 200, "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{}}");
                return;
            }
            calls.incrementAndGet();
            later.schedule(() -> ScriptedUpstream.json(response, callback, 200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"),
                    700, TimeUnit.MILLISECONDS);
        });
        DropwizardTestSupport<ShadowcatConfiguration> app = new DropwizardTestSupport<>(ShadowcatApplication.class,
                ResourceHelpers.resourceFilePath("config/single-upstream.yml"),
                ConfigOverride.config("upstreams[0].url", () -> upstream.endpoint().toString()),
                ConfigOverride.config("proxy.responseTimeout", "10s"));
        app.before();
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(app) + "/mcp"))) {
            String session = client.initialize("2025-06-18");
            McpTestClient.Streaming stream = client.stream(client.request(HttpMethod.GET)
                    .headers(h -> h.put("Accept", "text/event-stream").put("Mcp-Session-Id", session)));
            assertThat(stream.body().readLine()).isEqualTo("event: message");

            List<CompletableFuture<ContentResponse>> inFlight = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                inFlight.add(new CompletableResponseListener(client.post("{\"jsonrpc\":\"2.0\",\"id\":" + i
                        + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}")
                        .headers(h -> h.put("Mcp-Session-Id", session))).send());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (calls.get() < 20 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(calls.get()).as("all 20 reached the upstream before the stop").isEqualTo(20);

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(app::after);
            for (CompletableFuture<ContentResponse> response : inFlight) {
                ContentResponse answered = response.get(10, TimeUnit.SECONDS);
                assertThat(answered.getStatus()).as(answered.getContentAsString()).isEqualTo(200);
            }
            List<String> rest = new ArrayList<>();
            boolean cut = false;
            try {
                String line;
                while ((line = stream.body().readLine()) != null) {
                    rest.add(line);
                }
            } catch (IOException e) {
                cut = true;
            }
            assertThat(cut).as("the event stream ended cleanly, after %s", rest).isFalse();
            stopped.get(30, TimeUnit.SECONDS);
        } finally {
            later.shutdownNow();
            upstream.close();
        }
    }
}
