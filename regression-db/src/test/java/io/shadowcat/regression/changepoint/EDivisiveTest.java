package io.shadowcat.regression.changepoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The detector on synthetic series whose change points are known. */
class EDivisiveTest {
    private final EDivisive detector = EDivisive.defaults();

    /** Gaussian noise of 1% around the given levels, {@code length} points each. */
    private static double[] series(long seed, int length, double... levels) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[length * levels.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = levels[i / length] * (1 + 0.01 * gaussian(random));
        }
        return values;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * StrictMath.cos(2 * Math.PI * random.nextDouble());
    }

    @Test
    void findsTwoKnownChangesOfLevel() {
        double[] values = series(1, 30, 100, 110, 104);

        List<ChangePoint> points = detector.detect(values);

        assertThat(points).extracting(ChangePoint::index).containsExactly(30, 60);
        assertThat(points.get(0).change()).isCloseTo(0.10, within(0.01));
        assertThat(points.get(1).change()).isCloseTo(-0.055, within(0.01));
        assertThat(points).allMatch(p -> p.pValue() <= 0.001);
    }

    @Test
    void findsASmallStepWithinTheNoiseOfFewPoints() {
        double[] values = series(7, 20, 100, 103);

        assertThat(detector.detect(values)).extracting(ChangePoint::index).containsExactly(20);
    }

    @Test
    void findsNothingInStationaryNoise() {
        for (long seed = 1; seed <= 10; seed++) {
            assertThat(detector.detect(series(seed, 60, 100))).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void aLoneOutlierIsNotAChange() {
        double[] values = series(3, 40, 100);
        values[17] = 180;

        assertThat(detector.detect(values)).isEmpty();
    }

    @Test
    void findsAChangeOfSpreadAtTheSameLevelGivenEnoughPoints() {
        // Energy statistics see spread as well as level, but need more points for it.
        double[] values = series(5, 80, 100, 100);
        for (int i = 80; i < 160; i++) {
            values[i] = 100 + (values[i] - 100) * 8;
        }

        assertThat(detector.detect(values)).extracting(ChangePoint::index)
                .singleElement().satisfies(index -> assertThat(index).isBetween(78, 88));
    }

    @Test
    void theBestSplitScoreMatchesTheDefinition() {
        // x = {0, 0}, y = {1, 1}: cross mean 1, within 0; Q = (2*2/4) * (2*1) = 2.
        EDivisive small = new EDivisive(2, 1, 0.5, 1);
        double[] values = {0, 0, 1, 1};

        assertThat(small.bestSplit(values, new int[] {0, 1, 2, 3}).score()).isCloseTo(2.0, within(1e-12));
        assertThat(small.bestSplit(values, new int[] {0, 1, 2, 3}).offset()).isEqualTo(2);
    }

    @Test
    void tooShortASeriesHasNoChangePoints() {
        assertThat(detector.detect(new double[] {1, 2, 3, 100, 100})).isEmpty();
        assertThat(detector.detect(new double[0])).isEmpty();
    }
}
