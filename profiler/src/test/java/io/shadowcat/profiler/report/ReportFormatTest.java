package io.shadowcat.profiler.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shadowcat.profiler.Recordings;
import io.shadowcat.profiler.analysis.Breakdown;
import io.shadowcat.profiler.analysis.Column;
import io.shadowcat.profiler.analysis.RecordingAnalyzer;
import io.shadowcat.profiler.findings.JvmFindings;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReportFormatTest {
    private static Report report;

    @BeforeAll
    static void analyse() throws Exception {
        Breakdown breakdown = new RecordingAnalyzer(5).analyze(Recordings.proxy(17));
        report = new Report(Report.DEFAULT_SUITE, breakdown, JvmFindings.NONE);
    }

    @Test
    void textMatchesTheGoldenFile() throws Exception {
        Golden.assertMatches("proxy-java17.txt", ReportFormat.TEXT.render(report));
    }

    @Test
    void markdownMatchesTheGoldenFile() throws Exception {
        Golden.assertMatches("proxy-java17.md", ReportFormat.MD.render(report));
    }

    @Test
    void jsonMatchesTheGoldenFile() throws Exception {
        Golden.assertMatches("proxy-java17.json", ReportFormat.JSON.render(report));
    }

    @Test
    void htmlMatchesTheGoldenFile() throws Exception {
        Golden.assertMatches("proxy-java17.html", ReportFormat.HTML.render(report));
    }

    @Test
    void jsonIsAResultDocumentWithStageMetricsAndTheirHistograms() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(ReportFormat.JSON.render(report));
        assertThat(doc.get("format").asText()).isEqualTo("shadowcat.result/v1");
        assertThat(doc.get("source").asText()).isEqualTo("profile");
        assertThat(doc.get("suite").asText()).isEqualTo("profile");
        assertThat(doc.get("environment").get("jvm").asText()).contains("17");
        assertThat(doc.get("environment").get("configHash").asText()).hasSize(16);
        Map<String, JsonNode> metrics = new HashMap<>();
        doc.get("metrics").forEach(m -> metrics.put(m.get("name").asText(), m));
        for (Column column : Column.ALL) {
            for (String stat : new String[] {"p50", "p90", "p99", "p999", "max", "mean"}) {
                JsonNode m = metrics.get("profile.stage." + column.name() + "." + stat);
                assertThat(m).as(column.name() + "." + stat).isNotNull();
                assertThat(m.get("unit").asText()).isEqualTo("ns");
                assertThat(m.get("better").asText()).isEqualTo("lower");
            }
            Histogram decoded = ResultDocument.decode(metrics.get("profile.stage." + column.name() + ".p50").get("histogram").asText());
            assertThat(decoded).isEqualTo(report.breakdown().all().histogram(column));
        }
        assertThat(metrics.get("profile.stage.auth.p99").get("value").asLong())
                .isEqualTo(report.breakdown().all().summary(Column.named("auth")).p99());
        assertThat(metrics).containsKey("profile.method.tools_call.total.p99").containsKey("profile.tool.echo.overhead.p50");
        assertThat(doc.get("report").get("exchanges").asLong()).isEqualTo(57);
        assertThat(doc.get("report").get("slowest")).hasSize(5);
        assertThat(metrics).containsKey(ResultDocument.OTHERS_CPU);
    }

    @Test
    void theMachineYardstickIsTheMeanShareOfCpuOtherProcessesTook() throws Exception {
        // The Java 25 recording was made while other processes kept the machine at 100%.
        Report busy = new Report(Report.DEFAULT_SUITE, new RecordingAnalyzer(5).analyze(Recordings.proxy(25)),
                JvmFindings.NONE);
        JsonNode doc = new ObjectMapper().readTree(ReportFormat.JSON.render(busy));
        JsonNode others = null;
        for (JsonNode metric : doc.get("metrics")) {
            others = metric.get("name").asText().equals(ResultDocument.OTHERS_CPU) ? metric : others;
        }

        assertThat(others).isNotNull();
        assertThat(others.get("unit").asText()).isEqualTo("%");
        assertThat(others.get("value").asDouble()).isEqualTo(othersCpuPercent(25), within(0.05)).isGreaterThan(50);
    }

    /** A recording's jdk.CPULoad samples read directly: the mean share other processes took, in %. */
    private static double othersCpuPercent(int java) throws Exception {
        double sum = 0;
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Recordings.proxy(java))) {
            if (event.getEventType().getName().equals("jdk.CPULoad")) {
                sum += Math.max(0, event.getFloat("machineTotal") - event.getFloat("jvmUser") - event.getFloat("jvmSystem"));
                samples++;
            }
        }
        assertThat(samples).as("the recording has CPU load samples").isPositive();
        return 100 * sum / samples;
    }

    @Test
    void formatsAreNamedAsOnTheCommandLine() {
        assertThat(ReportFormat.of("MD")).isEqualTo(ReportFormat.MD);
        assertThatThrownBy(() -> ReportFormat.of("pdf")).hasMessage("unknown format 'pdf': use text, json, html or md");
    }
}
