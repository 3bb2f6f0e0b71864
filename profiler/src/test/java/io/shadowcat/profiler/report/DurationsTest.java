package io.shadowcat.profiler.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void threeSignificantDigitsInTheLargestUnitAtLeastOne() {
        assertThat(Durations.format(0)).isEqualTo("0 ns");
        assertThat(Durations.format(999)).isEqualTo("999 ns");
        assertThat(Durations.format(1_000)).isEqualTo("1.00 µs");
        assertThat(Durations.format(12_345)).isEqualTo("12.3 µs");
        assertThat(Durations.format(123_456)).isEqualTo("123 µs");
        assertThat(Durations.format(4_685_823)).isEqualTo("4.69 ms");
        assertThat(Durations.format(2_500_000_000L)).isEqualTo("2.50 s");
        assertThat(Durations.format(-45_300)).isEqualTo("-45.3 µs");
    }

    @Test
    void sharesArePercentagesWithOneDecimal() {
        assertThat(Durations.percent(0.1612)).isEqualTo("16.1%");
        assertThat(Durations.percent(1)).isEqualTo("100.0%");
    }
}
