package io.shadowcat.profiler.findings;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.profiler.ExchangeEvent;
import io.shadowcat.profiler.ExchangeTimer;
import io.shadowcat.profiler.Recordings;
import io.shadowcat.profiler.Stage;
import io.shadowcat.profiler.StageEvent;
import io.shadowcat.profiler.report.Report;
import io.shadowcat.profiler.report.Reports;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class JvmFindingsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "recording made on Java {0}")
    @ValueSource(ints = {17, 25})
    void jmcRulesAtWarningLevelAndGcPausesOfAProxyRecording(int feature) throws Exception {
        Path file = Recordings.proxy(feature);
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
        Path file = recordSpinningExchanges();

        Report report = Reports.of(file, 3, "profile", true);

        assertThat(Reports.slowestStage(report.breakdown())).isEqualTo("auth");
        assertThat(report.findings().hotMethodsScope()).isEqualTo("during the slowest stage, auth");
        // Every sample under spinInAuth was taken inside an auth span, and no other was: each listed
        // method's count is exactly its samples under spinInAuth.
        assertThat(report.findings().hotMethods()).isNotEmpty().allSatisfy(hot ->
                assertThat(hot.samples()).as(hot.method()).isEqualTo(samplesOnTopUnder(file, hot.method(), "spinInAuth")));
    }

    // Samples of tight loops are often dropped by the JVM's sampler, so spin in real library code and
    // record again if too few samples landed.
    private Path recordSpinningExchanges() throws Exception {
        for (int attempt = 1; ; attempt++) {
            Path file = dir.resolve("spans-" + attempt + ".jfr");
            try (Recording recording = new Recording()) {
                recording.enable(ExchangeEvent.NAME).withoutThreshold();
                recording.enable(StageEvent.NAME).withoutThreshold();
                recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
                recording.start();
                for (int i = 0; i < 8; i++) {
                    ExchangeTimer timer = ExchangeTimer.beginNow().method("tools/call");
                    // Sleeps keep each spin clear of the span edges: a sample's timestamp and the stack it
                    // carries may be a tick apart, and a sleeping thread is not sampled.
                    timer.open(Stage.AUTH);
                    Thread.sleep(20);
                    spinInAuth(50);
                    Thread.sleep(20);
                    timer.open(Stage.UPSTREAM);
                    Thread.sleep(20);
                    spinElsewhere(15);
                    Thread.sleep(20);
                    timer.finish();
                }
                recording.stop();
                recording.dump(file);
            }
            if (samplesUnder(file, "spinInAuth") >= 3 && samplesUnder(file, "spinElsewhere") >= 1 || attempt == 5) {
                return file;
            }
        }
    }

    private static long samplesOnTopUnder(Path file, String top, String method) throws Exception {
        return RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.ExecutionSample"))
                .filter(e -> e.getStackTrace().getFrames().stream().anyMatch(f -> f.getMethod().getName().equals(method)))
                .filter(e -> top.equals(JvmActivity.topFrame(e.getStackTrace())))
                .count();
    }

    private static long samplesUnder(Path file, String method) throws Exception {
        return RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.ExecutionSample"))
                .filter(e -> e.getStackTrace().getFrames().stream().anyMatch(f -> f.getMethod().getName().equals(method)))
                .count();
    }

    private static long spinInAuth(long millis) {
        return work(millis);
    }

    private static long spinElsewhere(long millis) {
        return work(millis);
    }

    private static long work(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long x = 1;
        while (System.nanoTime() < end) {
            x += BigInteger.valueOf(x).multiply(BigInteger.valueOf(31)).toString().length();
        }
        return x;
    }
}
