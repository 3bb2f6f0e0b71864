package io.shadowcat.regression.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Each statistic against values worked by hand or published (R, Hollander and Wolfe). */
class StatisticsTest {
    @Test
    void medianAndMad() {
        double[] values = {1, 2, 3, 4, 100};

        assertThat(Robust.median(values)).isEqualTo(3);
        assertThat(Robust.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Robust.mad(values)).isEqualTo(1);
        assertThat(Robust.sigma(values)).isCloseTo(1.4826, within(1e-4));
    }

    @Test
    void holmMatchesR() {
        // p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") in R: 0.03 0.06 0.06 0.02
        double[] adjusted = Holm.adjust(new double[] {0.01, 0.04, 0.03, 0.005});

        assertThat(adjusted).containsExactly(new double[] {0.03, 0.06, 0.06, 0.02}, within(1e-12));
    }

    @Test
    void holmLeavesUntestedMetricsOutOfTheFamily() {
        double[] adjusted = Holm.adjust(new double[] {0.01, Double.NaN, 0.02});

        assertThat(adjusted[0]).isCloseTo(0.02, within(1e-12));
        assertThat(adjusted[1]).isNaN();
        assertThat(adjusted[2]).isCloseTo(0.02, within(1e-12));
    }

    @Test
    void mannWhitneyMatchesThePublishedExample() {
        // R, ?wilcox.test: Hollander & Wolfe (1973) p. 69, permeability constants; W = 35, p = 0.1272
        double[] x = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
        double[] y = {1.15, 0.88, 0.90, 0.74, 1.21};

        assertThat(RankTest.pGreater(x, y)).isCloseTo(0.1272, within(1e-4));
    }

    @Test
    void mannWhitneyExactSmallSamples() {
        // Of the 20 equally likely orderings of 3 + 3 values, U >= 3 in 16 and U = 9 in 1.
        assertThat(RankTest.pGreater(new double[] {1, 3, 5}, new double[] {2, 4, 6})).isCloseTo(0.8, within(1e-12));
        assertThat(RankTest.pGreater(new double[] {4, 5, 6}, new double[] {1, 2, 3})).isCloseTo(0.05, within(1e-12));
        assertThat(RankTest.pLess(new double[] {1, 2, 3}, new double[] {4, 5, 6})).isCloseTo(0.05, within(1e-12));
    }

    @Test
    void theRankTestIsSkippedWhenItCannotReachAlpha() {
        assertThat(RankTest.smallestP(3, 3)).isCloseTo(0.05, within(1e-12));
        assertThat(RankTest.smallestP(5, 5)).isCloseTo(1.0 / 252, within(1e-15));

        assertThat(RankTest.pWorse(new double[] {4, 5, 6}, new double[] {1, 2, 3}, true, 0.01)).isEmpty();
        assertThat(RankTest.pWorse(new double[] {6, 7, 8, 9, 10}, new double[] {1, 2, 3, 4, 5}, true, 0.01))
                .hasValueCloseTo(1.0 / 252, within(1e-12));
    }

    @Test
    void noiseModelIsAStudentTPrediction() {
        double[] history = {100, 101, 99, 100, 102, 98, 100};
        NoiseModel model = NoiseModel.of(history);

        assertThat(model.level()).isEqualTo(100);
        assertThat(model.sigma()).isCloseTo(1.4826, within(1e-4));
        assertThat(model.score(105)).isCloseTo(5 / (1.482602218505602 * Math.sqrt(1 + 1.0 / 7)), within(1e-12));
        // t(6) one-sided 1% critical value is 3.143 and the score is 3.155: just below 1%.
        assertThat(model.pAbove(105)).isBetween(0.0095, 0.0100);
        assertThat(model.pBelow(95)).isCloseTo(model.pAbove(105), within(1e-12));
    }

    @Test
    void noiseHasAFloorSoIdenticalHistoriesDoNotAlarmOnEveryWobble() {
        NoiseModel model = NoiseModel.of(new double[] {100, 100, 100, 100, 100});

        assertThat(model.sigma()).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void effectSizesFirstMatchingPatternWins() {
        EffectSizes sizes = EffectSizes.parse(java.util.List.of("profile.stage.*.p99=10%", "profile.*=0.07", "*=3%"));

        assertThat(sizes.forMetric("profile.stage.auth.p99")).isCloseTo(0.10, within(1e-12));
        assertThat(sizes.forMetric("profile.stage.auth.p50")).isCloseTo(0.07, within(1e-12));
        assertThat(sizes.forMetric("gatling.global.rps")).isCloseTo(0.03, within(1e-12));
        assertThat(EffectSizes.defaults().forMetric("x.y.z")).isEqualTo(0.05);
    }

    @Test
    void metricPatterns() {
        assertThat(MetricPattern.of("profile.stage.*.p99").matches("profile.stage.auth.p99")).isTrue();
        assertThat(MetricPattern.of("profile.stage.*.p99").matches("profile.stage.auth.p50")).isFalse();
        assertThat(MetricPattern.of("*").matches("anything.at.all")).isTrue();
        assertThat(MetricPattern.of("jmh.A.b[size=1k].thrpt").matches("jmh.A.b[size=1k].thrpt")).isTrue();
    }

    @Test
    void theLogScaleModelMeasuresFactors() {
        // Logs of {100, 110, 121, 90.9, 100}: the level is 100, the MAD of the logs is ln 1.1.
        double[] history = {100, 110, 121, 100 / 1.1, 100};
        NoiseModel model = NoiseModel.logScale(history);

        assertThat(model.isLogScale()).isTrue();
        assertThat(model.level()).isEqualTo(100);
        assertThat(model.sigma()).isCloseTo(1.482602218505602 * Math.log(1.1), within(1e-12));
        // A factor up is as far as the same factor down.
        assertThat(model.score(200)).isCloseTo(-model.score(50), within(1e-12));
        assertThat(model.score(110)).isCloseTo(Math.log(1.1) / (model.sigma() * Math.sqrt(1 + 1.0 / 5)), within(1e-12));
        assertThat(model.pAbove(0)).isEqualTo(1.0);
    }

    @Test
    void theLogScaleModelNeedsPositiveValues() {
        assertThatThrownBy(() -> NoiseModel.logScale(new double[] {1, 0, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a log-scale noise model needs positive values, got 0.0");
    }

    @Test
    void absoluteMinimumsApplyToTimesInTheirOwnUnit() {
        EffectSizes sizes = EffectSizes.parse(java.util.List.of("profile.stage.policy.*=5us", "*=2ms", "*=3%"));

        assertThat(sizes.absoluteFor("profile.stage.policy.p50", "ns")).isCloseTo(5000, within(1e-9));
        assertThat(sizes.absoluteFor("profile.stage.auth.p50", "us")).isCloseTo(2000, within(1e-9));
        assertThat(sizes.absoluteFor("wrk.proxied.rps", "1/s")).isZero();
        assertThat(sizes.forMetric("profile.stage.auth.p50")).isCloseTo(0.03, within(1e-12));
        assertThat(EffectSizes.defaults().absoluteFor("x.y.p99", "ns")).isEqualTo(1000);
        assertThat(EffectSizes.defaults().absoluteFor("x.y.p99", "ms")).isCloseTo(0.001, within(1e-15));
    }
}
