package io.shadowcat.demo;

import static io.shadowcat.demo.McpTestClient.SESSION;
import static io.shadowcat.demo.McpTestClient.echoRequest;
import static io.shadowcat.demo.McpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What each {@link DemoUpstreamOptions} option does to the answers a client sees. */
@Timeout(30)
class DemoUpstreamOptionsBehaviourTest {

    private interface Exchange {
        void run(McpTestClient client, String session) throws Exception;
    }

    private static void with(DemoUpstreamOptions options, Exchange exchange) throws Exception {
        DemoUpstreamServer server = new DemoUpstreamServer("127.0.0.1", 0, options);
        server.start();
        try (McpTestClient client = new McpTestClient(server.uri())) {
            exchange.run(client, client.initialize("2025-11-25"));
        } finally {
            server.stop();
        }
    }

    @Test
    void payloadBytesPadsEchoResults() throws Exception {
        with(DemoUpstreamOptions.builder().payloadBytes(1000).build(), (client, session) -> {
            String text = json(client.post(echoRequest(1, "hello"), SESSION, session))
                    .at("/result/content/0/text").asText();

            assertThat(text).startsWith("hello").hasSize(5 + 1000);
        });
    }

    @Test
    void sseAnswersEveryRequestAsOneEvent() throws Exception {
        with(DemoUpstreamOptions.builder().sse(true).build(), (client, session) -> {
            try (SseReader stream = McpTestClient.stream(
                    client.postRequest(echoRequest(2, "over sse"), SESSION, session))) {
                assertThat(stream.response().getHeaders().get("Content-Type"))
                        .startsWith("text/event-stream");
                SseReader.Event event = stream.next();
                assertThat(event.id()).isNotBlank();
                assertThat(event.event()).isEqualTo("message");
                assertThat(json(event.data()).at("/result/content/0/text").asText())
                        .isEqualTo("over sse");
                assertThat(stream.next()).isNull();
            }
        });
    }

    @Test
    void sseLeavesErrorsAndAcceptedNotificationsAlone() throws Exception {
        with(DemoUpstreamOptions.builder().sse(true).build(), (client, session) -> {
            ContentResponse accepted = client.post(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                    SESSION, session);
            ContentResponse notFound = client.post(echoRequest(3, "x"), SESSION, "gone");

            assertThat(accepted.getStatus()).isEqualTo(202);
            assertThat(notFound.getStatus()).isEqualTo(404);
            assertThat(notFound.getMediaType()).isEqualTo("application/json");
        });
    }

    @Test
    void latencyComesBeforeEveryResponse() throws Exception {
        Duration latency = Duration.ofMillis(300);
        with(DemoUpstreamOptions.builder().latency(latency).build(), (client, session) -> {
            long sent = System.nanoTime();
            ContentResponse response = client.post(echoRequest(4, "slow"), SESSION, session);
            long elapsed = System.nanoTime() - sent;

            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(elapsed).isGreaterThanOrEqualTo(latency.toNanos());
        });
    }
}
