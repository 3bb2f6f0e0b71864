package io.shadowcat.profiler.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class QuantileBootstrapTest {
    private final QuantileBootstrap bootstrap = new QuantileBootstrap(1);

    private static Histogram exponential(long seed, int n, double meanNanos, long shiftNanos) {
        SplittableRandom random = new SplittableRandom(seed);
        Histogram h = new Histogram(3);
        for (int i = 0; i < n; i++) {
            h.recordValue(shiftNanos + (long) (-meanNanos * Math.log(1 - random.nextDouble())));
        }
        return h;
    }

    @Test
    void aShiftOfEveryValueIsFoundInsideAnIntervalThatExcludesZero() {
        Histogram base = exponential(1, 5_000, 100_000, 0);
        Histogram candidate = exponential(2, 5_000, 100_000, 20_000);

        Interval median = bootstrap.quantileChange(base, candidate, 0.5);

        assertThat(median.significant()).isTrue();
        assertThat(median.low()).isLessThan(20_000);
        assertThat(median.high()).isGreaterThan(20_000);
    }

    @Test
    void twoSamplesOfOneDistributionGiveAnIntervalAroundZero() {
        Interval p99 = bootstrap.quantileChange(exponential(3, 5_000, 100_000, 0), exponential(4, 5_000, 100_000, 0), 0.99);
        assertThat(p99.low()).isNegative();
        assertThat(p99.high()).isPositive();
    }

    @Test
    void aP99FromTooFewExchangesIsNeverSignificant() {
        Interval p99 = bootstrap.quantileChange(exponential(8, 57, 100_000, 0), exponential(9, 57, 100_000, 1_000_000), 0.99);
        assertThat(p99.enoughData()).isFalse();
        assertThat(p99.significant()).isFalse();
        assertThat(bootstrap.quantileChange(exponential(8, 57, 100_000, 0), exponential(9, 57, 100_000, 1_000_000), 0.5)
                .significant()).isTrue();
    }

    @Test
    void theSameInputsAlwaysGiveTheSameInterval() {
        Histogram a = exponential(5, 1_000, 50_000, 0);
        Histogram b = exponential(6, 1_000, 50_000, 5_000);
        assertThat(new QuantileBootstrap(7).quantileChange(a, b, 0.9)).isEqualTo(new QuantileBootstrap(7).quantileChange(a, b, 0.9));
    }
}
