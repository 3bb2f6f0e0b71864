package io.shadowcat.breakdown;

import static org.assertj.core.api.Assertions.assertThat;
import io.shadowcat.testing.Endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.profiler.analysis.Column;
import io.shadowcat.profiler.report.Durations;
import io.shadowcat.testing.Chromium;
import io.shadowcat.testing.McpTestClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live breakdown of a running proxy: real MCP traffic through real sockets, read back from the
 * proxy's own JFR events, served as JSON, as a page (checked in headless Chromium) and as Prometheus
 * histograms, all telling the same story.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LiveBreakdownEndpointTest {
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/live-breakdown.yml"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FIGURE = Pattern.compile("<td data-window=\"([^\"]*)\" data-group=\"([^\"]*)\" "
            + "data-row=\"([^\"]*)\" data-column=\"([^\"]*)\" data-stat=\"([^\"]*)\" data-value=\"([^\"]*)\">([^<]*)</td>");
    private static final int CALLS = 24;
    private static final int LISTS = 6;
    private static final int PINGS = 3;

    @TempDir
    static Path dir;
    static JsonNode document;
    static String admin;

    @BeforeAll
    static void sendTrafficAndWaitForTheBreakdown() throws Exception {
        admin = "http://127.0.0.1:" + APP.getAdminPort();
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"))) {
            String session = client.initialize("2025-11-25");
            for (int i = 0; i < CALLS + LISTS + PINGS; i++) {
                String body = i < CALLS
                        ? "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"m\"}}}"
                        : i < CALLS + LISTS ? "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/list\"}"
                        : "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"ping\"}";
                ContentResponse response = client.post(body)
                        .headers(h -> h.put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-11-25")).send();
                assertThat(response.getStatus()).isEqualTo(200);
            }
            // The feed delivers exchanges a few ms after they end: wait (bounded) until every one has arrived.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            do {
                Thread.sleep(200);
                document = JSON.readTree(client.http().GET(admin + "/breakdown").getContentAsString());
            } while (document.get("windows").get(0).get("exchanges").asLong() < 1 + CALLS + LISTS + PINGS
                    && System.nanoTime() < deadline);
        }
    }

    @Test
    void theJsonCountsEveryExchangeByMethodAndToolWithExactStageSums() {
        assertThat(document.get("schema").asText()).isEqualTo("shadowcat.breakdown/v1");
        assertThat(document.get("note").asText()).contains("within about 10 ms of their end");
        for (JsonNode window : document.get("windows")) {
            assertThat(window.get("exchanges").asLong()).isEqualTo(1 + CALLS + LISTS + PINGS);
            JsonNode methods = window.get("methods");
            assertThat(methods.get("tools/call").get("total").get("count").asLong()).isEqualTo(CALLS);
            assertThat(methods.get("tools/list").get("total").get("count").asLong()).isEqualTo(LISTS);
            assertThat(methods.get("ping").get("total").get("count").asLong()).isEqualTo(PINGS);
            assertThat(methods.get("initialize").get("total").get("count").asLong()).isEqualTo(1);
            assertThat(window.get("tools").get("echo").get("upstream").get("count").asLong()).isEqualTo(CALLS);

            JsonNode stages = window.get("stages");
            long parts = 0;
            for (Column column : Column.ALL) {
                if (column.isPartOfTotal()) {
                    parts += stages.get(column.name()).get("sum").asLong();
                }
            }
            long total = stages.get("total").get("sum").asLong();
            assertThat(parts).isEqualTo(total);
            assertThat(stages.get("overhead").get("sum").asLong()).isEqualTo(total - stages.get("upstream").get("sum").asLong());
            assertThat(stages.get("upstream").get("p50").asLong()).isPositive();
            assertThat(stages.get("total").get("p99").asLong()).isLessThanOrEqualTo(stages.get("total").get("max").asLong());
        }
        assertThat(document.get("windows").get(0).get("window").asText()).isEqualTo("10m");
        assertThat(document.get("windows").get(1).get("window").asText()).isEqualTo("1h");
    }

    @Test
    void everyFigureOnThePageInChromiumEqualsTheJson() throws Exception {
        String dom = Chromium.run(dir.resolve("chromium"), "--dump-dom", admin + BreakdownServlet.PAGE);
        assertThat(dom).contains("Exchanges are counted within about 10 ms of their end", "<svg id=\"split-10m\"", "<svg id=\"split-1h\"");
        Matcher figure = FIGURE.matcher(dom);
        int seen = 0;
        while (figure.find()) {
            JsonNode window = null;
            for (JsonNode w : document.get("windows")) {
                window = w.get("window").asText().equals(figure.group(1)) ? w : window;
            }
            assertThat(window).as(figure.group(1)).isNotNull();
            JsonNode group = figure.group(2).equals("stages") ? window.get("stages") : window.get(figure.group(2)).get(figure.group(3));
            double value = group.get(figure.group(4)).get(figure.group(5)).asDouble();
            String where = figure.group(0);
            assertThat(Double.parseDouble(figure.group(6))).as(where).isEqualTo(value);
            assertThat(figure.group(7)).as(where).isEqualTo(Durations.format(value));
            seen++;
        }
        // Per window: 11 columns × 6 statistics, then 4 methods and 1 tool × (total, overhead) × (p50, p99).
        assertThat(seen).isEqualTo(2 * (Column.ALL.size() * 6 + (4 + 1) * 4));
    }

    @Test
    void theAdminMetricsShowWhatTheBreakdownsHistogramsHold() throws Exception {
        try (McpTestClient client = new McpTestClient(URI.create(admin))) {
            JsonNode gauge = JSON.readTree(client.http().GET(admin + "/metrics").getContentAsString())
                    .path("gauges").path(ShadowcatApplication.BREAKDOWN_BYTES);
            // Two windows each holding one slice with all exchanges, four methods and one tool: ten groups of
            // eleven histograms of a few kilobytes each.
            assertThat(gauge.path("value").asLong()).isBetween(100_000L, 10_000_000L);
        }
    }

    @Test
    void prometheusHasAHistogramPerStageThatCountsEveryExchange() throws Exception {
        try (McpTestClient client = new McpTestClient(URI.create(admin))) {
            String text = client.http().GET(admin + "/prometheus").getContentAsString();
            int exchanges = 1 + CALLS + LISTS + PINGS;
            for (String stage : new String[] {"receive", "auth", "ratelimit", "policy", "route", "connect", "upstream", "stream", "total"}) {
                assertThat(text).contains("shadowcat_stage_duration_seconds_count{stage=\"" + stage + "\"} " + exchanges)
                        .contains("shadowcat_stage_duration_seconds_bucket{stage=\"" + stage + "\",le=\"+Inf\"} " + exchanges)
                        .contains("shadowcat_stage_duration_seconds_bucket{stage=\"" + stage + "\",le=\"1.0E-6\"} ");
            }
            assertThat(text).contains("shadowcat_proxy_overhead_seconds_count " + exchanges)
                    .contains("# TYPE shadowcat_stage_duration_seconds histogram")
                    .containsPattern("shadowcat_sessions_active [1-9]")
                    .containsPattern("shadowcat_memory_heap_after_gc_bytes \\d");
            double sum = Double.parseDouble(value(text, "shadowcat_stage_duration_seconds_sum{stage=\"total\"}"));
            double jsonSum = document.get("windows").get(0).get("stages").get("total").get("sum").asDouble() / 1e9;
            assertThat(sum).isCloseTo(jsonSum, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    private static String value(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).findFirst().orElseThrow().substring(series.length() + 1).trim();
    }
}
