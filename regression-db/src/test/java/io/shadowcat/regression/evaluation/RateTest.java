package io.shadowcat.regression.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Clopper-Pearson intervals against reference values (the beta quantiles of SciPy's scipy.stats.beta.ppf). */
class RateTest {
    @Test
    void noneOfThirtyLeavesUpToAnEighthPossible() {
        Rate rate = new Rate(0, 30);
        assertThat(rate.value()).isZero();
        assertThat(rate.lower()).isZero();
        // beta.ppf(0.975, 1, 30) = 0.11570331
        assertThat(rate.upper()).isCloseTo(0.1157033, within(1e-6));
        assertThat(rate.describe()).isEqualTo("0 of 30 = 0.0% (95% CI 0.0–11.6%)");
    }

    @Test
    void aMiddleCountHasBothEnds() {
        // beta.ppf(0.025, 3, 38) = 0.01574218, beta.ppf(0.975, 4, 37) = 0.20386475
        Rate rate = new Rate(3, 40);
        assertThat(rate.lower()).isCloseTo(0.01574218, within(1e-7));
        assertThat(rate.upper()).isCloseTo(0.20386475, within(1e-7));
    }

    @Test
    void allOfTwentyLeavesTheLowerEndBelowTheAim() {
        // beta.ppf(0.025, 20, 1) = 0.83156653
        Rate rate = new Rate(20, 20);
        assertThat(rate.lower()).isCloseTo(0.8315665, within(1e-6));
        assertThat(rate.upper()).isEqualTo(1.0);
    }

    @Test
    void noTrialsIsSaidSo() {
        assertThat(new Rate(0, 0).describe()).isEqualTo("no trials");
        assertThat(new Rate(0, 0).value()).isNaN();
    }

    @Test
    void refusesMoreHitsThanTrials() {
        assertThatThrownBy(() -> new Rate(3, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("need 0 <= hits <= trials, got 3 of 2");
    }
}
