package io.shadowcat.regression.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Worse is up for latencies and down for throughputs. */
class DirectionTest {
    @Test
    void worseningIsSignedByDirection() {
        assertThat(Direction.LOWER.worsening(100, 110)).isCloseTo(0.10, within(1e-12));
        assertThat(Direction.HIGHER.worsening(100, 110)).isCloseTo(-0.10, within(1e-12));
        assertThat(Direction.HIGHER.worsening(100, 90)).isCloseTo(0.10, within(1e-12));
    }

    @Test
    void aZeroBaselineStaysDefined() {
        assertThat(Direction.LOWER.worsening(0, 0)).isZero();
        assertThat(Direction.LOWER.worsening(0, 1)).isPositive().isInfinite();
    }

    @Test
    void wordsRoundTrip() {
        assertThat(Direction.of("lower")).contains(Direction.LOWER);
        assertThat(Direction.of("higher")).contains(Direction.HIGHER);
        assertThat(Direction.of("up")).isEmpty();
    }
}
