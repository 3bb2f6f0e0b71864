package io.shadowcat.profiler.findings;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.profiler.ExchangeEvent;
import io.shadowcat.profiler.ExchangeTimer;
import io.shadowcat.profiler.Recordings;
import io.shadowcat.profiler.Stage;
import io.shadowcat.profiler.StageEvent;
import io.shadowcat.profiler.report.Report;
import io.shadowcat.profiler.report.Reports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmFindingsTest {
    @TempDir
    Path dir;

    @Test
    void jmcRulesAtWarningLevelAndGcPausesOfAProxyRecording() throws Exception {
        Path file = Recordings.proxy(17);
        Report report = Reports.of(file, 3, "profile", true);
        JvmFindings findings = report.findings();

        assertThat(findings.unavailable()).isNull();
        assertThat(findings.rules()).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.severity()).isEqualTo("WARNING");
            assertThat(rule.summary()).isNotBlank().doesNotContain("{");
        });
        List<RecordedEvent> gcs = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.GarbageCollection")).toList();
        assertThat(findings.gc().collections()).isEqualTo(gcs.size());
        assertThat(findings.gc().totalPauseNanos())
                .isEqualTo(gcs.stream().mapToLong(e -> e.getDuration("sumOfPauses").toNanos()).sum());
        assertThat(findings.allocation().bytesPerSecond()).isPositive();
        assertThat(findings.hotMethods()).isNotEmpty();
        assertThat(findings.hotMethodsScope()).startsWith("over the whole recording (no shadowcat.Stage span events");
    }

    @Test
    void hotMethodsComeFromSamplesTakenDuringTheSlowestStage() throws Exception {
        Path file = dir.resolve("spans.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(ExchangeEvent.NAME).withoutThreshold();
            recording.enable(StageEvent.NAME).withoutThreshold();
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            for (int i = 0; i < 8; i++) {
                ExchangeTimer timer = ExchangeTimer.beginNow().method("tools/call");
                timer.open(Stage.RECEIVE);
                timer.open(Stage.AUTH);
                spinInAuth(40);
                timer.open(Stage.UPSTREAM);
                timer.finish();
            }
            recording.stop();
            recording.dump(file);
        }

        Report report = Reports.of(file, 3, "profile", true);

        assertThat(Reports.slowestStage(report.breakdown())).isEqualTo("auth");
        assertThat(report.findings().hotMethodsScope()).isEqualTo("during the slowest stage, auth");
        assertThat(report.findings().hotMethods().get(0).method()).endsWith("JvmFindingsTest.spinInAuth");
    }

    private static long spinInAuth(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long x = 0;
        while (System.nanoTime() < end) {
            x += x * 31 + 7;
        }
        return x;
    }
}
