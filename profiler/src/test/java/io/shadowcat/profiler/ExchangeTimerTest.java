package io.shadowcat.profiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExchangeTimerTest {
    private final AtomicLong now = new AtomicLong(1_000);

    private void advance(long nanos) {
        now.addAndGet(nanos);
    }

    @Test
    void stagesAccumulateAndGapsStayUnattributed() {
        ExchangeTimer timer = ExchangeTimer.begin(now.get(), now::get);
        timer.open(Stage.RECEIVE);
        advance(100);
        timer.close(Stage.RECEIVE);
        advance(7); // between stages: belongs to none
        timer.open(Stage.CONNECT);
        advance(30);
        timer.open(Stage.UPSTREAM); // opening the next closes the previous
        advance(500);
        timer.open(Stage.STREAM);
        advance(40);
        timer.open(Stage.RECEIVE); // a stage opened twice accumulates
        advance(5);
        assertThat(timer.finish()).isTrue();

        assertThat(timer.nanos(Stage.RECEIVE)).isEqualTo(105);
        assertThat(timer.nanos(Stage.CONNECT)).isEqualTo(30);
        assertThat(timer.nanos(Stage.UPSTREAM)).isEqualTo(500);
        assertThat(timer.nanos(Stage.STREAM)).isEqualTo(40);
        assertThat(timer.nanos(Stage.AUTH)).isZero();
        assertThat(timer.nanos(Stage.TOTAL)).isEqualTo(682);
        long attributed = 105 + 30 + 500 + 40;
        assertThat(timer.nanos(Stage.TOTAL) - attributed).isEqualTo(7);
    }

    @Test
    void closingAStageThatIsNotOpenChangesNothing() {
        ExchangeTimer timer = ExchangeTimer.begin(now.get(), now::get);
        timer.open(Stage.ROUTE);
        advance(10);
        timer.close(Stage.AUTH);
        assertThat(timer.openStage()).isEqualTo(Stage.ROUTE);
        advance(10);
        timer.close(Stage.ROUTE);
        assertThat(timer.nanos(Stage.ROUTE)).isEqualTo(20);
        assertThat(timer.openStage()).isNull();
    }

    @Test
    void onlyTheFirstFinishCounts() {
        ExchangeTimer timer = ExchangeTimer.begin(now.get(), now::get);
        advance(50);
        assertThat(timer.finish()).isTrue();
        advance(50);
        assertThat(timer.finish()).isFalse();
        assertThat(timer.nanos(Stage.TOTAL)).isEqualTo(50);
        assertThat(timer.finished()).isTrue();
    }

    @Test
    void commitsOneExchangeEventWithEveryStageAndAttribute(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("exchange.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(ExchangeEvent.NAME).withoutThreshold();
            recording.enable(StageEvent.NAME).withoutThreshold();
            recording.start();
            ExchangeTimer timer = ExchangeTimer.begin(now.get(), now::get);
            timer.httpMethod("POST").method("tools/call").tool("echo").upstream("demo").protocolVersion("2025-06-18")
                    .status(200).bytesIn(120).addBytesOut(40).addBytesOut(2);
            timer.open(Stage.RECEIVE);
            advance(1_000);
            timer.open(Stage.UPSTREAM);
            advance(250_000);
            timer.finish();
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        List<RecordedEvent> exchanges = events.stream().filter(e -> e.getEventType().getName().equals(ExchangeEvent.NAME)).toList();
        assertThat(exchanges).hasSize(1);
        RecordedEvent exchange = exchanges.get(0);
        assertThat(exchange.getDuration("receive")).isEqualTo(Duration.ofNanos(1_000));
        assertThat(exchange.getDuration("upstream")).isEqualTo(Duration.ofNanos(250_000));
        assertThat(exchange.getDuration("total")).isEqualTo(Duration.ofNanos(251_000));
        assertThat(exchange.getString("method")).isEqualTo("tools/call");
        assertThat(exchange.getString("tool")).isEqualTo("echo");
        assertThat(exchange.getString("upstreamName")).isEqualTo("demo");
        assertThat(exchange.getInt("status")).isEqualTo(200);
        assertThat(exchange.getLong("bytesOut")).isEqualTo(42);
        assertThat(exchange.getStackTrace()).isNull();
        for (Stage stage : Stage.values()) {
            assertThat(exchange.hasField(stage.wireName())).as(stage.wireName()).isTrue();
        }
        assertThat(events.stream().filter(e -> e.getEventType().getName().equals(StageEvent.NAME))
                .map(e -> e.getString("stage"))).containsExactly("receive", "upstream");
    }

    @Test
    void bundledSettingsRecordExchangesAndLeaveSpansOff(@TempDir Path dir) throws Exception {
        try (FlightRecording recording = FlightRecording.start(null, Duration.ofMinutes(1), 16 * 1024 * 1024)) {
            assertThat(recording.settings()).containsEntry(ExchangeEvent.NAME + "#enabled", "true")
                    .containsEntry(StageEvent.NAME + "#enabled", "false")
                    .containsKey("jdk.GarbageCollection#enabled");
            ExchangeTimer.begin(now.get(), now::get).method("ping").finish();
            Path dump = dir.resolve("sub/dump.jfr");
            recording.dump(dump);
            assertThat(RecordingFile.readAllEvents(dump))
                    .anyMatch(e -> e.getEventType().getName().equals(ExchangeEvent.NAME) && "ping".equals(e.getString("method")));
        }
    }
}
