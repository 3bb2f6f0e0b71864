package io.shadowcat.profiler.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.profiler.Stage;
import io.shadowcat.profiler.analysis.Column;
import io.shadowcat.profiler.analysis.ExchangeRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LiveBreakdownTest {
    private static final long T0 = 1_700_000_000_000L; // a multiple of 10 s and of 100 s
    private final AtomicLong now = new AtomicLong(T0);
    private final LiveBreakdown live = new LiveBreakdown(List.of(Duration.ofMinutes(1), Duration.ofMinutes(10)), 6, 3, now::get);

    private static ExchangeRecord exchange(String method, String tool, long authMicros, long upstreamMicros) {
        long[] stages = new long[Stage.values().length];
        stages[Stage.AUTH.ordinal()] = authMicros * 1000;
        stages[Stage.UPSTREAM.ordinal()] = upstreamMicros * 1000;
        stages[Stage.TOTAL.ordinal()] = (authMicros + upstreamMicros + 2) * 1000;
        return ExchangeRecord.of(1, Instant.EPOCH, method, tool, "demo", 200, 0, stages);
    }

    private void record(long atMillis, ExchangeRecord exchange) {
        live.exchange(exchange, Instant.ofEpochMilli(atMillis));
    }

    @Test
    void eachWindowHoldsTheExchangesThatEndedInsideIt() {
        record(T0 - 5 * 60_000, exchange("tools/call", "echo", 100, 1000));   // 5 min ago: 10m only
        for (int i = 1; i <= 10; i++) {
            record(T0 - 20_000 + i, exchange("tools/call", "echo", i, 10 * i)); // 20 s ago: both
        }
        record(T0, exchange("ping", null, 7, 0));

        List<WindowBreakdown> windows = live.windows();
        WindowBreakdown minute = windows.get(0);
        WindowBreakdown tenMinutes = windows.get(1);
        assertThat(minute.all().count()).isEqualTo(11);
        assertThat(tenMinutes.all().count()).isEqualTo(12);
        assertThat(minute.all().sum(Column.of(Stage.AUTH))).isEqualTo((55 + 7) * 1000L);
        assertThat(minute.all().sum(Column.OVERHEAD)).isEqualTo((55 + 7 + 11 * 2) * 1000L);
        assertThat(minute.methods().keySet()).containsExactly("tools/call", "ping");
        assertThat(minute.methods().get("tools/call").count()).isEqualTo(10);
        assertThat(minute.tools().keySet()).containsExactly("echo");
        assertThat(tenMinutes.tools().get("echo").summary(Column.of(Stage.AUTH)).max()).isEqualTo(100_000);
        assertThat(minute.from()).isEqualTo(Instant.ofEpochMilli(T0 - 50_000));
        assertThat(minute.to()).isEqualTo(Instant.ofEpochMilli(T0));
    }

    @Test
    void theWindowMovesOnASliceAtATime() {
        record(T0 + 1, exchange("ping", null, 1, 0));
        now.set(T0 + 59_999);
        assertThat(live.windows().get(0).all().count()).isEqualTo(1);
        now.set(T0 + 60_000);
        assertThat(live.windows().get(0).all().count()).isZero();
        assertThat(live.windows().get(1).all().count()).isEqualTo(1);
        now.set(T0 + 600_000);
        assertThat(live.windows().get(1).all().count()).isZero();
    }

    @Test
    void aSliceThatComesRoundAgainStartsEmptyAndLateExchangesAreCounted() {
        record(T0, exchange("ping", null, 1, 0));
        record(T0 + 60_000, exchange("ping", null, 2, 0)); // same ring position one minute later
        now.set(T0 + 60_000);
        assertThat(live.windows().get(0).all().count()).isEqualTo(1);
        assertThat(live.windows().get(1).all().count()).isEqualTo(2);

        record(T0 - 11 * 60_000, exchange("ping", null, 3, 0)); // older than both windows' oldest slices
        assertThat(live.recorded()).isEqualTo(2);
        assertThat(live.late()).isEqualTo(1);
    }

    @Test
    void methodsBeyondTheLimitArePooled() {
        for (String method : List.of("a", "b", "c", "d", "e")) {
            record(T0, exchange(method, null, 1, 0));
        }
        assertThat(live.windows().get(0).methods()).containsKeys("a", "b", "c", "(other)").hasSize(4);
        assertThat(live.windows().get(0).methods().get("(other)").count()).isEqualTo(2);
    }

    @Test
    void quantilesMergedAcrossSlicesMatchOneHistogram() {
        for (int i = 1; i <= 1000; i++) {
            record(T0 - (i % 5) * 10_000, exchange("tools/call", "echo", i, 0));
        }
        var auth = live.windows().get(0).all().summary(Column.of(Stage.AUTH));
        assertThat(auth.count()).isEqualTo(1000);
        assertThat(auth.max()).isEqualTo(1_000_000);
        // 2 significant digits: within 1% of the exact 500 µs and 990 µs.
        assertThat(auth.p50()).isBetween(495_000L, 505_000L);
        assertThat(auth.p99()).isBetween(980_000L, 1_000_000L);
        assertThat(auth.sum()).isEqualTo(500_500_000L);
    }

    @Test
    void slicesLeavingTheMinuteFoldIntoTheTenMinutesWhole() {
        // Ten minutes of traffic, one exchange every 5 s: the minute's slices go round ten times.
        for (long t = T0; t < T0 + 600_000; t += 5_000) {
            now.set(t);
            record(t, exchange(t % 10_000 == 0 ? "tools/call" : "ping", t % 10_000 == 0 ? "echo" : null,
                    1 + (t - T0) / 5_000, 0));
        }
        List<WindowBreakdown> windows = live.windows();
        WindowBreakdown minute = windows.get(0);
        WindowBreakdown tenMinutes = windows.get(1);

        assertThat(minute.all().count()).isEqualTo(12);
        // Every exchange, once: 108 of them in slices folded from the minute, 12 still in the minute's.
        assertThat(tenMinutes.from()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(tenMinutes.all().count()).isEqualTo(120);
        assertThat(tenMinutes.methods().get("tools/call").count()).isEqualTo(60);
        assertThat(tenMinutes.tools().get("echo").count()).isEqualTo(60);
        assertThat(tenMinutes.all().summary(Column.of(Stage.AUTH)).max()).isEqualTo(120_000);
        assertThat(tenMinutes.all().sum(Column.of(Stage.AUTH))).isEqualTo(1000L * 121 * 120 / 2);
        assertThat(live.recorded()).isEqualTo(120);
        assertThat(live.late()).isZero();
    }

    @Test
    void groupsFoldedFromFinerSlicesStayWithinTheLimit() {
        record(T0, exchange("a", null, 1, 0));
        record(T0 + 1, exchange("b", null, 1, 0));
        record(T0 + 10_000, exchange("c", null, 1, 0));
        record(T0 + 10_001, exchange("d", null, 1, 0));
        record(T0 + 20_000, exchange("e", null, 1, 0));
        for (long t = T0 + 60_000; t <= T0 + 80_000; t += 10_000) {
            now.set(t);
            record(t, exchange("a", null, 1, 0)); // the minute's slices of T0 to T0 + 20 s go round
        }

        var methods = live.windows().get(1).methods();
        assertThat(methods.keySet()).containsExactlyInAnyOrder("a", "b", "c", "(other)");
        assertThat(methods.get("(other)").count()).isEqualTo(2);
        assertThat(methods.get("a").count()).isEqualTo(4);
    }

    @Test
    void afterAnIdleSpellASliceGoesOnDownTheChainToTheWindowThatStillHoldsIt() {
        // 1 minute (10 s slices), 10 minutes (100 s) and an hour (600 s): one exchange, then 15 quiet minutes, then
        // another whose slice pushes the first out of the minute when the ten minutes no longer hold it either.
        LiveBreakdown three = new LiveBreakdown(List.of(Duration.ofMinutes(1), Duration.ofMinutes(10),
                Duration.ofHours(1)), 6, 3, now::get);
        three.exchange(exchange("ping", null, 1, 0), Instant.ofEpochMilli(T0));
        now.set(T0 + 15 * 60_000);
        three.exchange(exchange("ping", null, 2, 0), Instant.ofEpochMilli(T0 + 15 * 60_000));

        List<WindowBreakdown> windows = three.windows();
        assertThat(windows.get(0).all().count()).isEqualTo(1);
        assertThat(windows.get(1).all().count()).isEqualTo(1);
        assertThat(windows.get(2).all().count()).isEqualTo(2);
    }

    @Test
    void everyWindowOfAChainHoldsWhatItWouldHoldOnItsOwn() {
        // Bursts and idle spells against three windows kept apart: the chained breakdown must agree at every step.
        List<Duration> lengths = List.of(Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofHours(1));
        List<LiveBreakdown> apart = lengths.stream().map(w -> new LiveBreakdown(List.of(w), 6, 3, now::get)).toList();
        LiveBreakdown chained = new LiveBreakdown(lengths, 6, 3, now::get);
        java.util.Random random = new java.util.Random(7);
        long t = T0;
        for (int step = 0; step < 3000; step++) {
            t += random.nextInt(10) == 0 ? random.nextInt(20 * 60_000) : random.nextInt(5_000);
            now.set(t);
            long end = t - (random.nextInt(20) == 0 ? random.nextInt(15 * 60_000) : 0); // now and then a late one
            ExchangeRecord record = exchange("ping", null, 1, 0);
            chained.exchange(record, Instant.ofEpochMilli(end));
            apart.forEach(b -> b.exchange(record, Instant.ofEpochMilli(end)));
            if (step % 50 == 0) {
                List<WindowBreakdown> views = chained.windows();
                for (int w = 0; w < lengths.size(); w++) {
                    assertThat(views.get(w).all().count()).as("window %s at step %d", lengths.get(w), step)
                            .isEqualTo(apart.get(w).windows().get(0).all().count());
                }
            }
        }
    }

    @Test
    void windowsWhoseSlicesDoNotNestAreRecordedSeparately() {
        // 10 s and 15 s slices: neither folds into the other, so each window records every exchange.
        LiveBreakdown odd = new LiveBreakdown(List.of(Duration.ofSeconds(60), Duration.ofSeconds(90)), 6, 3, now::get);
        odd.exchange(exchange("ping", null, 1, 0), Instant.ofEpochMilli(T0 - 45_000));
        odd.exchange(exchange("ping", null, 1, 0), Instant.ofEpochMilli(T0 - 70_000));

        assertThat(odd.windows().get(0).all().count()).isEqualTo(1);
        assertThat(odd.windows().get(1).all().count()).isEqualTo(2);
        assertThat(odd.recorded()).isEqualTo(2);
        assertThat(odd.late()).isZero();
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new LiveBreakdown(List.of(), 6, 10, now::get)).hasMessageContaining("at least one window");
        assertThatThrownBy(() -> new LiveBreakdown(List.of(Duration.ofMillis(3)), 6, 10, now::get))
                .hasMessageContaining("shorter than 6 ms");
    }

    @Test
    void itsHeapFootprintGrowsWithGroupsAndSlicesNotWithTraffic() {
        assertThat(live.footprintBytes()).isZero();
        record(T0, exchange("tools/call", "echo", 10, 100));
        long oneSlice = live.footprintBytes(); // all, the method, the tool
        assertThat(oneSlice).isPositive();
        for (int i = 0; i < 1000; i++) {
            record(T0, exchange("tools/call", "echo", 10 + i % 5, 100 + i % 7));
        }
        assertThat(live.footprintBytes()).isEqualTo(oneSlice);
        record(T0, exchange("ping", null, 10, 100));
        assertThat(live.footprintBytes()).isGreaterThan(oneSlice).isLessThan(2 * oneSlice);

        // An hour of one exchange a second: the footprint stops growing once every slice of both windows is in use.
        long[] after = new long[2];
        for (int second = 1; second <= 3600; second++) {
            now.set(T0 + second * 1000L);
            record(now.get(), exchange("tools/call", "echo", 10, 100));
            if (second == 1800 || second == 3600) {
                after[second / 1800 - 1] = live.footprintBytes();
            }
        }
        assertThat(after[1]).isEqualTo(after[0]).isLessThanOrEqualTo(12 * oneSlice);
    }
}
