package io.shadowcat.demo;

import static io.shadowcat.demo.McpTestClient.SESSION;
import static io.shadowcat.demo.McpTestClient.VERSION;
import static io.shadowcat.demo.McpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code tools/call progress}: progress notifications streamed one by one, then the result. */
@Timeout(30)
class DemoUpstreamProgressTest {
    private static DemoUpstreamServer server;
    private static McpTestClient client;
    private static String session;

    @BeforeAll
    static void start() throws Exception {
        server = new DemoUpstreamServer("127.0.0.1", 0, DemoUpstreamOptions.defaults());
        server.start();
        client = new McpTestClient(server.uri());
        session = client.initialize("2025-11-25");
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.stop();
    }

    private static String progressCall(int id, String meta, int steps, int intervalMs) {
        return """
                {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"progress",
                 %s "arguments":{"steps":%d,"intervalMs":%d}}}"""
                .formatted(id, meta, steps, intervalMs);
    }

    @Test
    void eachStepArrivesAsItsOwnEventWhenItHappensThenTheResult() throws Exception {
        int steps = 4;
        Duration interval = Duration.ofMillis(250);
        String call = progressCall(9, "\"_meta\":{\"progressToken\":\"tok-1\"},", steps,
                (int) interval.toMillis());
        long sent = System.nanoTime();

        List<SseReader.Event> events = new ArrayList<>();
        try (SseReader stream = McpTestClient.stream(client.postRequest(call, SESSION, session))) {
            assertThat(stream.response().getStatus()).isEqualTo(200);
            assertThat(stream.response().getHeaders().get("Content-Type"))
                    .startsWith("text/event-stream");
            for (SseReader.Event event = stream.next(); event != null; event = stream.next()) {
                events.add(event);
            }
        }

        assertThat(events).hasSize(steps + 1);
        for (int i = 1; i <= steps; i++) {
            SseReader.Event event = events.get(i - 1);
            JsonNode notification = json(event.data());
            assertThat(event.event()).isEqualTo("message");
            assertThat(notification.get("method").asText()).isEqualTo("notifications/progress");
            assertThat(notification.has("id")).isFalse();
            assertThat(notification.at("/params/progressToken").asText()).isEqualTo("tok-1");
            assertThat(notification.at("/params/progress").asInt()).isEqualTo(i);
            assertThat(notification.at("/params/total").asInt()).isEqualTo(steps);
            assertThat(notification.at("/params/message").asText()).isNotBlank();
            // A step is never sent before its time has come...
            assertThat(event.arrivedNanos() - sent).isGreaterThanOrEqualTo(i * interval.toNanos());
        }
        // ...and the first one is not held back until the stream ends: it arrives long before the
        // last step could even have been written.
        assertThat(events.get(0).arrivedNanos() - sent).isLessThan(steps * interval.toNanos());
        JsonNode result = json(events.get(steps).data());
        assertThat(result.get("id").asInt()).isEqualTo(9);
        assertThat(result.at("/result/content/0/type").asText()).isEqualTo("text");
        assertThat(events).extracting(e -> Long.parseLong(e.id()))
                .isSorted().doesNotHaveDuplicates();
    }

    @Test
    void withoutAProgressTokenTheStepsStillTakeTheirTimeButOnlyTheResultIsSent() throws Exception {
        long sent = System.nanoTime();

        try (SseReader stream = McpTestClient.stream(
                client.postRequest(progressCall(10, "", 2, 100), SESSION, session))) {
            SseReader.Event only = stream.next();

            assertThat(json(only.data()).get("id").asInt()).isEqualTo(10);
            assertThat(json(only.data()).has("result")).isTrue();
            assertThat(only.arrivedNanos() - sent)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
            assertThat(stream.next()).isNull();
        }
    }

    @Test
    void progressWorksWithoutASessionIn2026_07_28() throws Exception {
        try (SseReader stream = McpTestClient.stream(client.postRequest(
                progressCall(11, "\"_meta\":{\"progressToken\":5},", 1, 0),
                VERSION, "2026-07-28"))) {
            assertThat(json(stream.next().data()).at("/params/progressToken").asInt()).isEqualTo(5);
            assertThat(json(stream.next().data()).get("id").asInt()).isEqualTo(11);
            assertThat(stream.next()).isNull();
        }
    }

    @Test
    void stepsOutOfRangeAreInvalidParams() throws Exception {
        ContentResponse response = client.post(progressCall(12, "", -1, 10), SESSION, session);

        assertThat(response.getMediaType()).isEqualTo("application/json");
        assertThat(json(response).at("/error/code").asInt()).isEqualTo(-32602);
    }

    @Test
    void progressInABatchIsRefused() throws Exception {
        String batch = "[" + progressCall(13, "", 1, 0) + "]";

        ContentResponse response = client.post(batch, SESSION, session);

        assertThat(json(response).get(0).at("/error/code").asInt()).isEqualTo(-32600);
    }
}
