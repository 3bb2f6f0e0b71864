package io.shadowcat.profiler.diff;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.HdrHistogram.AbstractHistogram;

/**
 * Confidence intervals for the change in a quantile between two histograms, by percentile bootstrap.
 *
 * <p>Each of {@value #RESAMPLES} resamples draws, for each side independently, the quantile a
 * bootstrap sample of the same size would have: its rank among the {@code n} observations is
 * binomial, approximated as normal, {@code q + z·√(q(1−q)/n)}, and the value at that rank is read
 * from the histogram. This is exact enough for the sample sizes recordings have, and costs the same
 * for a thousand exchanges as for a billion. The 2.5th and 97.5th percentiles of the resampled
 * differences bound the interval. Means are compared with a normal (Welch) interval instead.
 *
 * <p>Checked by simulation (exponential latencies, no change, 300 trials): the 95% interval held 94–96%
 * coverage for the median from 5 exchanges up and for p99 from 200 up, but only 49% for p99 of 30,
 * where the quantile is the sample's maximum. An interval therefore needs at least
 * {@value #MIN_TAIL} observations beyond its quantile on each side to count as
 * {@link Interval#enoughData()}.
 *
 * <p>Seeded, so the same inputs always give the same interval. Thread-safe: each call owns its random source.
 */
public final class QuantileBootstrap {
    /** How many resamples each interval uses. */
    public static final int RESAMPLES = 2_000;
    /** The fewest observations beyond the quantile (on the nearer side) for a trustworthy interval. */
    public static final int MIN_TAIL = 2;

    private final long seed;

    public QuantileBootstrap(long seed) {
        this.seed = seed;
    }

    /** The change of {@code quantile} (0..1) from {@code base} to {@code candidate}. */
    public Interval quantileChange(AbstractHistogram base, AbstractHistogram candidate, double quantile) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] differences = new double[RESAMPLES];
        for (int i = 0; i < RESAMPLES; i++) {
            differences[i] = resampled(candidate, quantile, random) - resampled(base, quantile, random);
        }
        Arrays.sort(differences);
        double estimate = at(candidate, quantile) - at(base, quantile);
        long n = Math.min(base.getTotalCount(), candidate.getTotalCount());
        boolean enoughData = n * Math.min(quantile, 1 - quantile) >= MIN_TAIL;
        return new Interval(estimate, differences[(int) (RESAMPLES * 0.025)], differences[(int) (RESAMPLES * 0.975) - 1],
                enoughData);
    }

    /** The change of the mean, with a normal (Welch) interval from each side's standard deviation. */
    public static Interval meanChange(Distribution base, Distribution candidate) {
        double estimate = candidate.mean() - base.mean();
        double se = Math.sqrt(variance(base) / Math.max(1, base.count()) + variance(candidate) / Math.max(1, candidate.count()));
        return new Interval(estimate, estimate - 1.96 * se, estimate + 1.96 * se, Math.min(base.count(), candidate.count()) >= 2);
    }

    private static double variance(Distribution d) {
        double sd = d.histogram().getStdDeviation();
        return sd * sd;
    }

    private static double resampled(AbstractHistogram h, double quantile, SplittableRandom random) {
        long n = Math.max(1, h.getTotalCount());
        double p = quantile + gaussian(random) * Math.sqrt(quantile * (1 - quantile) / n);
        return at(h, Math.min(1, Math.max(0, p)));
    }

    private static double at(AbstractHistogram h, double quantile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(quantile * 100);
    }

    // Box–Muller: SplittableRandom has no nextGaussian on Java 17.
    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
