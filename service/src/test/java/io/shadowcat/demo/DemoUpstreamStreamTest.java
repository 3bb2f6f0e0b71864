package io.shadowcat.demo;

import static io.shadowcat.demo.McpTestClient.SESSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The standalone GET stream of a session. */
@Timeout(30)
class DemoUpstreamStreamTest {
    private static final Duration KEEP_ALIVE = Duration.ofMillis(100);

    private DemoUpstreamServer server;
    private McpTestClient client;

    @BeforeEach
    void start() throws Exception {
        server = new DemoUpstreamServer("127.0.0.1", 0,
                DemoUpstreamOptions.builder().keepAliveInterval(KEEP_ALIVE).build());
        server.start();
        client = new McpTestClient(server.uri());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.stop();
    }

    @Test
    void getOpensAnEventStreamThatKeepsAliveUntilTheServerStops() throws Exception {
        String session = client.initialize("2025-11-25");
        long sent = System.nanoTime();

        try (SseReader stream = McpTestClient.stream(client.request(HttpMethod.GET,
                SESSION, session, "Accept", "text/event-stream"))) {
            assertThat(stream.response().getStatus()).isEqualTo(200);
            assertThat(stream.response().getHeaders().get("Content-Type"))
                    .startsWith("text/event-stream");
            SseReader.Event first = stream.next();
            SseReader.Event second = stream.next();
            assertThat(first.comments()).containsExactly("keep-alive");
            assertThat(second.comments()).containsExactly("keep-alive");
            assertThat(second.arrivedNanos() - sent)
                    .isGreaterThanOrEqualTo(2 * KEEP_ALIVE.toNanos());

            server.stop();

            // A keep-alive already on its way when stop() began may still arrive; then the stream ends.
            SseReader.Event late = stream.next();
            for (int i = 0; late != null && i < 3; i++) {
                assertThat(late.comments()).containsExactly("keep-alive");
                late = stream.next();
            }
            assertThat(late).as("the stream ends when the server stops").isNull();
        }
    }

    @Test
    void stoppingCutsOffAProgressStreamStillInFlight() throws Exception {
        String session = client.initialize("2025-11-25");
        String slowProgress = """
                {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"progress",
                 "_meta":{"progressToken":1},"arguments":{"steps":100,"intervalMs":10000}}}""";

        try (SseReader stream = McpTestClient.stream(
                client.postRequest(slowProgress, SESSION, session))) {
            assertThat(stream.response().getStatus()).isEqualTo(200);

            server.stop();

            assertThatThrownBy(stream::next).isInstanceOf(IOException.class);
        }
    }

    @Test
    void getWithoutASessionIs400() throws Exception {
        ContentResponse response = client.request(HttpMethod.GET,
                "Accept", "text/event-stream").send();

        assertThat(response.getStatus()).isEqualTo(400);
    }

    @Test
    void getWithAnUnknownSessionIs404() throws Exception {
        ContentResponse response = client.request(HttpMethod.GET,
                SESSION, "no-such-session", "Accept", "text/event-stream").send();

        assertThat(response.getStatus()).isEqualTo(404);
    }

    @Test
    void getThatDoesNotAcceptAnEventStreamIs406() throws Exception {
        String session = client.initialize("2025-11-25");

        ContentResponse response = client.request(HttpMethod.GET,
                SESSION, session, "Accept", "application/json").send();

        assertThat(response.getStatus()).isEqualTo(406);
    }
}
