package io.shadowcat.profiler.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.profiler.ExchangeTimer;
import io.shadowcat.profiler.Stage;
import io.shadowcat.profiler.analysis.Column;
import io.shadowcat.profiler.analysis.ExchangeRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Finished exchanges reach every listener, exactly, on the feed's thread; a full queue drops and counts. */
class ExchangeFeedTest {
    @Test
    void everyFinishedExchangeReachesTheListenersWithItsStages() throws Exception {
        List<ExchangeRecord> seen = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        LiveBreakdown breakdown = new LiveBreakdown(List.of(Duration.ofMinutes(10)), 6, 10, System::currentTimeMillis);
        List<ExchangeListener> listeners = List.of((exchange, end) -> {
            seen.add(exchange);
            threads.add(Thread.currentThread().getName());
        }, breakdown, (exchange, end) -> {
            throw new IllegalStateException("a failing listener must not stop the others");
        });
        ExchangeFeed feed = new ExchangeFeed(listeners, 100);
        feed.start();
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            ids.add(finish(feed, i));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (seen.size() < 20 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        feed.close();

        assertThat(seen).extracting(ExchangeRecord::exchangeId).containsExactlyElementsOf(ids);
        for (int i = 1; i <= 20; i++) {
            ExchangeRecord exchange = seen.get(i - 1);
            assertThat(exchange.nanos(Column.of(Stage.AUTH))).isEqualTo(i * 1_000L);
            assertThat(exchange.nanos(Column.of(Stage.UPSTREAM))).isEqualTo(50_000L);
            assertThat(exchange.total()).isEqualTo(i * 1_000L + 50_000L + 2_000L);
            assertThat(exchange.nanos(Column.UNATTRIBUTED)).isEqualTo(2_000L);
            assertThat(exchange.nanos(Column.OVERHEAD)).isEqualTo(i * 1_000L + 2_000L);
            assertThat(exchange.method()).isEqualTo("tools/call");
            assertThat(exchange.tool()).isEqualTo("echo");
            assertThat(exchange.upstream()).isEqualTo("demo");
            assertThat(exchange.status()).isEqualTo(200);
        }
        assertThat(threads).containsOnly("shadowcat-exchange-feed");
        assertThat(breakdown.windows().get(0).tools().get("echo").sum(Column.of(Stage.AUTH))).isEqualTo(210_000L);
        assertThat(feed.failures()).isEqualTo(20);
        assertThat(feed.dropped()).isZero();
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfWaiting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<ExchangeRecord> seen = new CopyOnWriteArrayList<>();
        ExchangeFeed feed = new ExchangeFeed(List.of((exchange, end) -> {
            seen.add(exchange);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), 4);
        feed.start();
        finish(feed, 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (seen.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        // The listener holds the first; four more fill the queue; the next three are dropped.
        for (int i = 2; i <= 8; i++) {
            finish(feed, i);
        }
        assertThat(feed.dropped()).isEqualTo(3);
        release.countDown();
        feed.close();
        assertThat(seen).hasSize(5);
    }

    private static long finish(ExchangeFeed feed, int authMicros) {
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
        feed.offer(timer);
        return timer.id();
    }
}
