package io.shadowcat.profiler.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.profiler.ExchangeTimer;
import io.shadowcat.profiler.Stage;
import io.shadowcat.profiler.analysis.Column;
import io.shadowcat.profiler.analysis.ExchangeRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Exchange events committed by {@link ExchangeTimer} come back through a real JFR stream, exactly. */
class LiveExchangeStreamTest {
    @Test
    void everyCommittedExchangeReachesTheListenersWithItsStages() throws Exception {
        List<ExchangeRecord> seen = new CopyOnWriteArrayList<>();
        LiveBreakdown breakdown = new LiveBreakdown(List.of(Duration.ofMinutes(10)), 6, 10, System::currentTimeMillis);
        List<ExchangeListener> listeners = List.of((exchange, end) -> seen.add(exchange), breakdown,
                (exchange, end) -> {
                    throw new IllegalStateException("a failing listener must not stop the others");
                });
        try (LiveExchangeStream stream = LiveExchangeStream.start(listeners, Duration.ofSeconds(30))) {
            // The stream starts asynchronously: commit until the first exchange comes back, then a known batch.
            long marker = commit(1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (seen.stream().noneMatch(e -> e.exchangeId() == marker) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            long before = seen.size();
            long first = 0;
            for (int i = 1; i <= 20; i++) {
                long id = commit(i);
                first = first == 0 ? id : first;
            }
            long firstId = first;
            while (seen.stream().filter(e -> e.exchangeId() >= firstId).count() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            List<ExchangeRecord> batch = seen.stream().filter(e -> e.exchangeId() >= firstId).toList();
            assertThat(batch).hasSize(20);
            for (ExchangeRecord exchange : batch) {
                int i = (int) (exchange.exchangeId() - firstId + 1);
                assertThat(exchange.nanos(Column.of(Stage.AUTH))).isEqualTo(i * 1_000L);
                assertThat(exchange.nanos(Column.of(Stage.UPSTREAM))).isEqualTo(50_000L);
                assertThat(exchange.total()).isEqualTo(i * 1_000L + 50_000L + 2_000L);
                assertThat(exchange.method()).isEqualTo("tools/call");
                assertThat(exchange.tool()).isEqualTo("echo");
            }
            assertThat(before).isPositive();
            assertThat(breakdown.windows().get(0).tools().get("echo").sum(Column.of(Stage.AUTH)))
                    .isGreaterThanOrEqualTo(210_000L);
            assertThat(stream.failures()).isGreaterThanOrEqualTo(21);
        }
    }

    private static long commit(int authMicros) {
        AtomicLong now = new AtomicLong(System.nanoTime());
        ExchangeTimer timer = ExchangeTimer.begin(now.get(), now::get);
        timer.method("tools/call").tool("echo").upstream("demo").status(200);
        timer.open(Stage.AUTH);
        now.addAndGet(authMicros * 1_000L);
        timer.close(Stage.AUTH);
        timer.open(Stage.UPSTREAM);
        now.addAndGet(50_000L);
        timer.close(Stage.UPSTREAM);
        now.addAndGet(2_000L);
        timer.finish();
        return timer.id();
    }
}
