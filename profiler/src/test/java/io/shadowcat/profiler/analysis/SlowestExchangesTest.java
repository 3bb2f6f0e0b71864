package io.shadowcat.profiler.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.profiler.Stage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlowestExchangesTest {
    private static ExchangeRecord exchange(long id, long totalNanos) {
        long[] stages = new long[Stage.values().length];
        stages[Stage.TOTAL.ordinal()] = totalNanos;
        return ExchangeRecord.of(id, Instant.EPOCH, "ping", null, "demo", 200, 0, stages);
    }

    @Test
    void keepsTheLargestTotalsSlowestFirstAndTheEarlierOfATie() {
        SlowestExchanges slowest = new SlowestExchanges(3);
        long[] totals = {5, 9, 1, 9, 7, 3, 8};
        for (int i = 0; i < totals.length; i++) {
            slowest.offer(exchange(i + 1, totals[i]));
        }
        assertThat(slowest.slowestFirst()).extracting(ExchangeRecord::exchangeId).containsExactly(2L, 4L, 7L);
    }

    @Test
    void keepsNothingWithALimitOfZero() {
        SlowestExchanges slowest = new SlowestExchanges(0);
        slowest.offer(exchange(1, 10));
        assertThat(slowest.slowestFirst()).isEmpty();
    }

    @Test
    void derivesUnattributedAndOverheadFromTheStages() {
        long[] stages = new long[Stage.values().length];
        stages[Stage.AUTH.ordinal()] = 10;
        stages[Stage.UPSTREAM.ordinal()] = 100;
        stages[Stage.TOTAL.ordinal()] = 150;
        ExchangeRecord e = ExchangeRecord.of(1, Instant.EPOCH, "ping", null, "demo", 200, 0, stages);
        assertThat(e.nanos(Column.UNATTRIBUTED)).isEqualTo(40);
        assertThat(e.nanos(Column.OVERHEAD)).isEqualTo(50);
    }
}
