package io.shadowcat.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyBookTest {
    private static final long MS = 1_000_000;

    @Test
    void successesGoToTheHistogramFailuresAreCountedByOutcome() {
        LatencyBook book = new LatencyBook();
        book.record("proxy", "tools_call", 0, 2 * MS, true, "ok");
        book.record("proxy", "tools_call", 0, 4 * MS, true, "ok");
        book.record("proxy", "tools_call", 0, 9 * MS, false, "status_502");

        LatencyBook.Summary calls = book.summary("proxy", "tools_call", null);
        assertThat(calls.ok()).isEqualTo(2);
        assertThat(calls.ko()).isEqualTo(1);
        assertThat(calls.outcomes()).containsEntry("ok", 2L).containsEntry("status_502", 1L);
        assertThat(calls.latencies().getMaxValue()).isBetween(4 * MS - 5_000, 4 * MS + 5_000);
        assertThat(book.seconds("proxy")).isEqualTo(0.009);
    }

    @Test
    void warmupAndSetupPathsAreNotRecorded() {
        LatencyBook book = new LatencyBook();
        book.record("warmup proxy", "tools_call", 0, MS, true, "ok");
        book.record("setup proxy", "initialize", 0, MS, true, "ok");
        assertThat(book.paths()).isEmpty();
    }

    @Test
    void phasesSplitByTimeSinceThePathsFirstExchange() {
        LatencyBook book = new LatencyBook();
        book.phased("proxy", List.of("low", "high"), List.of(10 * MS, 10 * MS));
        book.record("proxy", "tools_call", 100 * MS, 101 * MS, true, "ok");
        book.record("proxy", "tools_call", 105 * MS, 106 * MS, true, "ok");
        book.record("proxy", "tools_call", 112 * MS, 113 * MS, true, "ok");
        book.record("proxy", "tools_call", 150 * MS, 151 * MS, true, "ok");

        assertThat(book.summary("proxy", null, "low").ok()).isEqualTo(2);
        assertThat(book.summary("proxy", null, "high").ok()).isEqualTo(2);
    }

    @Test
    void normalizedMetricsComeFromBothPaths() throws Exception {
        LatencyBook book = new LatencyBook();
        for (int i = 0; i < 10; i++) {
            book.record("direct", "tools_call", i * 10 * MS, i * 10 * MS + MS, true, "ok");
            book.record("proxy", "tools_call", i * 10 * MS, i * 10 * MS + 3 * MS, true, "ok");
        }
        ResultDocument doc = new ResultDocument("s", "", "main", "");
        BookMetrics.addAll(doc, book);

        assertThat(doc.metricNames()).contains("gatling.tools_call.p50", "gatling.direct.tools_call.p50",
                "gatling.ratio.tools_call.p50", "gatling.overhead.tools_call.p50", "gatling.ratio.global.rps");
        JsonNode ratio = null;
        for (JsonNode metric : new ObjectMapper().readTree(doc.toString()).path("metrics")) {
            if (metric.path("name").asText().equals("gatling.ratio.tools_call.p50")) {
                ratio = metric;
            }
        }
        assertThat(ratio).isNotNull();
        assertThat(ratio.path("unit").asText()).isEqualTo("ratio");
        assertThat(ratio.path("better").asText()).isEqualTo("lower");
        assertThat(ratio.path("value").asDouble()).isCloseTo(3.0, within(0.01));
    }
}
