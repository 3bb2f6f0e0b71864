package io.shadowcat.profiler.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.shadowcat.profiler.ExchangeEvent;
import io.shadowcat.profiler.Recordings;
import io.shadowcat.profiler.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RecordingAnalyzerTest {
    @TempDir
    Path dir;

    private final RecordingAnalyzer analyzer = new RecordingAnalyzer(5);

    @ParameterizedTest(name = "recording made on Java {0}")
    @ValueSource(ints = {17, 25})
    void sumsEveryStageOfEveryExchangeInAProxyRecordingExactly(int feature) throws Exception {
        Path file = Recordings.proxy(feature);
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(ExchangeEvent.NAME)).toList();

        Breakdown breakdown = analyzer.analyze(file);

        assertThat(breakdown.count()).isEqualTo(events.size()).isEqualTo(57);
        long stagesSum = 0;
        for (Stage stage : Stage.values()) {
            long expected = events.stream().mapToLong(e -> e.getDuration(stage.wireName()).toNanos()).sum();
            assertThat(breakdown.all().sum(Column.of(stage))).as(stage.wireName()).isEqualTo(expected);
            if (stage != Stage.TOTAL) {
                stagesSum += expected;
            }
        }
        long total = breakdown.all().sum(Column.TOTAL);
        assertThat(breakdown.all().sum(Column.UNATTRIBUTED)).isEqualTo(total - stagesSum);
        assertThat(breakdown.all().sum(Column.OVERHEAD)).isEqualTo(total - breakdown.all().sum(Column.of(Stage.UPSTREAM)));
        assertThat(breakdown.all().summaries().stream().filter(s -> Column.named(s.column()).isPartOfTotal())
                .mapToDouble(ColumnSummary::share).sum()).isCloseTo(1.0, within(1e-9));

        assertThat(breakdown.byMethod()).containsOnlyKeys("tools/call", "tools/list", "ping", "initialize",
                "notifications/initialized");
        assertThat(breakdown.byMethod().keySet()).startsWith("tools/call", "tools/list", "ping");
        assertThat(breakdown.byMethod().get("tools/call").count()).isEqualTo(40);
        assertThat(breakdown.byMethod().get("tools/list").count()).isEqualTo(10);
        assertThat(breakdown.byTool()).containsOnlyKeys("echo");
        assertThat(breakdown.byTool().get("echo").count()).isEqualTo(40);

        List<Long> totals = new ArrayList<>(events.stream().map(e -> e.getDuration("total").toNanos()).toList());
        totals.sort(Comparator.reverseOrder());
        assertThat(breakdown.slowest()).extracting(ExchangeRecord::total).containsExactlyElementsOf(totals.subList(0, 5));
        assertThat(breakdown.environment().jvm()).contains(String.valueOf(feature));
        assertThat(breakdown.environment().cores()).isPositive();
    }

    @Test
    void quantilesOfAScriptedRecordingAreTheKnownDurations() throws Exception {
        Breakdown breakdown = analyzer.analyze(Recordings.scripted(dir, 100));

        ColumnSummary auth = breakdown.all().summary(Column.of(Stage.AUTH));
        assertThat(auth.count()).isEqualTo(100);
        assertThat(auth.sum()).isEqualTo(5050 * 1000L);
        assertThat(auth.max()).isEqualTo(100_000);
        assertThat(auth.p50()).isCloseTo(50_000, within(50L));
        assertThat(auth.p99()).isCloseTo(99_000, within(99L));
        assertThat(breakdown.all().summary(Column.UNATTRIBUTED).sum()).isEqualTo(100 * 3_000L);
        assertThat(breakdown.all().summary(Column.of(Stage.RECEIVE)).mean()).isEqualTo(5_000.0);
        long totalSum = 0;
        for (int i = 1; i <= 100; i++) {
            totalSum += Recordings.micros(Stage.TOTAL, i) * 1000;
        }
        assertThat(breakdown.all().sum(Column.TOTAL)).isEqualTo(totalSum);
        assertThat(breakdown.slowest().get(0).nanos(Column.of(Stage.AUTH))).isEqualTo(100_000);
        assertThat(breakdown.byTool().get("echo").count()).isEqualTo(50);
    }

    @Test
    void poolsToolsBeyondTheRowLimitUnderOther() throws Exception {
        Path file = dir.resolve("many-tools.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(ExchangeEvent.NAME).withoutThreshold();
            recording.start();
            for (int i = 0; i < RecordingAnalyzer.MAX_GROUPS + 20; i++) {
                long[] now = {0};
                io.shadowcat.profiler.ExchangeTimer timer = io.shadowcat.profiler.ExchangeTimer.begin(0, () -> now[0] += 1_000);
                timer.method("tools/call").tool("tool-" + i).finish();
            }
            recording.stop();
            recording.dump(file);
        }

        Breakdown breakdown = analyzer.analyze(file);

        assertThat(breakdown.byTool()).hasSize(RecordingAnalyzer.MAX_GROUPS + 1).containsKey(RecordingAnalyzer.OTHER);
        assertThat(breakdown.byTool().get(RecordingAnalyzer.OTHER).count()).isEqualTo(20);
        assertThat(breakdown.byTool().values().stream().mapToLong(ColumnHistograms::count).sum())
                .isEqualTo(RecordingAnalyzer.MAX_GROUPS + 20);
    }

    @Test
    void refusesAFileThatIsNotARecording() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.jfr"), "these are notes, not a recording\n");
        assertThatThrownBy(() -> analyzer.analyze(text)).isInstanceOf(ProfileInputException.class)
                .hasMessageStartingWith(text + ": not a readable flight recording");
    }

    @Test
    void refusesATruncatedRecording() throws Exception {
        byte[] whole = Files.readAllBytes(Recordings.proxy(17));
        Path half = Files.write(dir.resolve("half.jfr"), java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> analyzer.analyze(half)).isInstanceOf(ProfileInputException.class)
                .hasMessageStartingWith(half + ": not a readable flight recording").hasMessageNotContaining("\n");
    }

    @Test
    void refusesAnEmptyFile() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.jfr"));
        assertThatThrownBy(() -> analyzer.analyze(empty)).isInstanceOf(ProfileInputException.class)
                .hasMessageStartingWith(empty + ": not a readable flight recording");
    }

    @Test
    void refusesARecordingWithoutExchanges() throws Exception {
        Path file = dir.resolve("jvm-only.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.JVMInformation");
            recording.start();
            recording.stop();
            recording.dump(file);
        }
        assertThatThrownBy(() -> analyzer.analyze(file)).isInstanceOf(ProfileInputException.class)
                .hasMessage(file + ": the recording holds no shadowcat.Exchange events"
                        + " (was it made by Shadowcat with the exchange event enabled?)");
    }

    @Test
    void refusesAMissingPathAndADirectory() {
        Path missing = dir.resolve("missing.jfr");
        assertThatThrownBy(() -> analyzer.analyze(missing)).hasMessage(missing + ": no such file");
        assertThatThrownBy(() -> analyzer.analyze(dir)).hasMessage(dir + ": is a directory, not a file");
    }
}
