package io.shadowcat.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The distribution each selection strategy produces over a fixed set of upstreams. */
class SelectorsTest {
    private final FakeClock clock = new FakeClock();
    private final Upstream a = upstream("a", 1);
    private final Upstream b = upstream("b", 2);
    private final Upstream c = upstream("c", 3);
    private final List<Upstream> all = List.of(a, b, c);

    private Upstream upstream(String name, int weight) {
        return Upstream.builder(name).weight(weight).nanoClock(clock).build();
    }

    private Map<String, Integer> picks(Selector selector, int times) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < times; i++) {
            counts.merge(selector.pick(all).name(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void roundRobinGivesEachTheSameShareInTurn() {
        RoundRobinSelector selector = new RoundRobinSelector();
        assertThat(List.of(selector.pick(all), selector.pick(all), selector.pick(all))).containsExactly(a, b, c);
        assertThat(picks(selector, 300)).containsEntry("a", 100).containsEntry("b", 100).containsEntry("c", 100);
    }

    @Test
    void weightedGivesSharesByWeightAndSpreadsTheHeavyOne() {
        WeightedSelector selector = new WeightedSelector();
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            first.append(selector.pick(all).name());
        }
        // Smooth: the heaviest (c, 3 of 6) never gets three picks in a row.
        assertThat(first.toString()).doesNotContain("ccc").hasSize(6);
        assertThat(picks(selector, 600)).containsEntry("a", 100).containsEntry("b", 200).containsEntry("c", 300);
    }

    @Test
    void leastInFlightPrefersTheIdlestAndRotatesTies() {
        LeastInFlightSelector selector = new LeastInFlightSelector();
        assertThat(picks(selector, 300)).containsEntry("a", 100).containsEntry("b", 100).containsEntry("c", 100);
        a.tryAcquire();
        a.tryAcquire();
        c.tryAcquire();
        for (int i = 0; i < 10; i++) {
            assertThat(selector.pick(all)).isSameAs(b);
        }
        b.tryAcquire();
        b.tryAcquire();
        assertThat(selector.pick(all)).isSameAs(c);
    }

    @Test
    void p2cEwmaSpreadsEvenlyOverEqualUpstreams() {
        SplittableRandom random = new SplittableRandom(42);
        P2cEwmaSelector selector = new P2cEwmaSelector(random::nextInt);
        for (Upstream upstream : all) {
            upstream.latency().observe(Duration.ofMillis(5).toNanos());
        }
        Map<String, Integer> counts = picks(selector, 3000);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(800, 1200));
    }

    @Test
    void p2cEwmaAvoidsTheSlowUpstreamUnlessTheOthersAreBusy() {
        SplittableRandom random = new SplittableRandom(7);
        P2cEwmaSelector selector = new P2cEwmaSelector(random::nextInt);
        a.latency().observe(Duration.ofMillis(2).toNanos());
        b.latency().observe(Duration.ofMillis(100).toNanos());
        c.latency().observe(Duration.ofMillis(2).toNanos());
        Map<String, Integer> counts = picks(selector, 3000);
        // Any pair holding the slow one is won by the other: it is never picked.
        assertThat(counts).doesNotContainKey("b");
        assertThat(counts.get("a")).isBetween(1300, 1700);
        // 60 requests in flight on each fast one make them costlier (2 ms × 61) than the idle slow one (100 ms × 1).
        for (int i = 0; i < 60; i++) {
            a.tryAcquire();
            c.tryAcquire();
        }
        // Now it wins every pair it is in: two pairs of three.
        assertThat(picks(selector, 300).get("b")).isBetween(170, 230);
    }

    @Test
    void p2cEwmaTriesAnUpstreamWithNoSampleYetOnlyWhileItIsIdle() {
        P2cEwmaSelector selector = new P2cEwmaSelector(new SplittableRandom(1)::nextInt);
        a.latency().observe(Duration.ofMillis(1).toNanos());
        b.latency().observe(Duration.ofMillis(1).toNanos());
        assertThat(P2cEwmaSelector.load(c)).isZero();
        c.tryAcquire();
        assertThat(P2cEwmaSelector.load(c)).isGreaterThan(P2cEwmaSelector.load(a));
        assertThat(picks(selector, 100)).doesNotContainKey("c");
    }

    @Test
    void theSlowUpstreamsAverageForgetsAndItIsTriedAgain() {
        Upstream slow = upstream("slow", 1);
        slow.latency().observe(Duration.ofMillis(100).toNanos());
        double before = slow.latency().nanos();
        clock.advance(Duration.ofSeconds(10));
        assertThat(slow.latency().nanos()).isCloseTo(before / Math.E, org.assertj.core.data.Offset.offset(1.0));
        // A faster sample pulls the average down; a slower one replaces it at once (peak-sensitive).
        slow.latency().observe(Duration.ofMillis(1).toNanos());
        assertThat(slow.latency().nanos()).isLessThan(before / Math.E);
        slow.latency().observe(Duration.ofMillis(300).toNanos());
        assertThat(slow.latency().nanos()).isEqualTo(Duration.ofMillis(300).toNanos());
    }
}
