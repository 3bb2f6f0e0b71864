package io.shadowcat.regression.changepoint;

import io.shadowcat.regression.verdict.Robust;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Change point detection by divisive energy statistics (Matteson and James, "A Nonparametric
 * Approach for Multiple Change Point Analysis of Multivariate Data", 2014), as Apache Otava
 * (formerly Hunter) applies it to benchmark history.
 *
 * <p>For a segment, every split {@code tau} is scored by the energy divergence between the
 * values before and after it, with exponent 1:
 * <pre>
 *   Q(tau) = m n / (m + n) * ( 2/(m n) sum|x_i - y_j| - 1/C(m,2) sum|x_i - x_k| - 1/C(n,2) sum|y_j - y_k| )
 * </pre>
 * The best split of all current segments is tested by permutation (the segment's values shuffled,
 * its best score recomputed); if significant it is kept and both halves are searched again, and
 * the search stops at the first split that is not significant. Distribution-free: it finds
 * changes of level and of spread, and a lone outlier does not make a segment.
 *
 * <p>Each scan of a segment is O(n²) using running sums; a permutation test repeats it. The
 * random generator is seeded, so results are reproducible. Immutable and thread-safe.
 */
public final class EDivisive {
    private final int minSegment;
    private final int permutations;
    private final double significance;
    private final long seed;

    /**
     * @param minSegment   the fewest points on each side of a change point
     * @param permutations permutations per significance test
     * @param significance largest permutation p-value accepted
     * @param seed         seed of the permutations
     */
    public EDivisive(int minSegment, int permutations, double significance, long seed) {
        if (minSegment < 2) {
            throw new IllegalArgumentException("minSegment must be at least 2, got " + minSegment);
        }
        if (permutations < 1 || !(significance > 0 && significance < 1)) {
            throw new IllegalArgumentException("need permutations >= 1 and 0 < significance < 1");
        }
        this.minSegment = minSegment;
        this.permutations = permutations;
        this.significance = significance;
        this.seed = seed;
    }

    /**
     * Four points a side, 999 permutations, p at most 0.1%: the split search is repeated over
     * every segment, so a stricter level than a single test's keeps noise from being cut up.
     */
    public static EDivisive defaults() {
        return new EDivisive(4, 999, 0.001, 0x5EED);
    }

    /** The change points of a series, by index, ascending. */
    public List<ChangePoint> detect(double[] series) {
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> segments = new ArrayList<>(List.of(new int[] {0, series.length}));
        List<Integer> found = new ArrayList<>();
        List<Double> pValues = new ArrayList<>();
        while (true) {
            int[] best = null;
            Split bestSplit = null;
            for (int[] segment : segments) {
                Split split = bestSplit(series, identity(segment[0], segment[1]));
                if (split != null && (bestSplit == null || split.score() > bestSplit.score())) {
                    best = segment;
                    bestSplit = split;
                }
            }
            if (bestSplit == null) {
                break;
            }
            double p = permutationP(series, best, bestSplit.score(), random);
            if (p > significance) {
                break;
            }
            int cut = best[0] + bestSplit.offset();
            found.add(cut);
            pValues.add(p);
            segments.remove(best);
            segments.add(new int[] {best[0], cut});
            segments.add(new int[] {cut, best[1]});
        }
        return changePoints(series, found, pValues);
    }

    record Split(int offset, double score) {
    }

    /** The best split of the values at {@code index[0..n)}, or null if the segment is too short. */
    Split bestSplit(double[] series, int[] index) {
        int n = index.length;
        if (n < 2 * minSegment) {
            return null;
        }
        double total = 0;
        double[] rowAfter = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = i + 1; k < n; k++) {
                double d = Math.abs(series[index[i]] - series[index[k]]);
                total += d;
                rowAfter[i] += d;
            }
        }
        double left = 0;
        double right = total;
        Split best = null;
        for (int tau = 1; tau < n; tau++) {
            // Move point tau-1 from the right part to the left.
            int moved = tau - 1;
            double toLeft = 0;
            for (int i = 0; i < moved; i++) {
                toLeft += Math.abs(series[index[i]] - series[index[moved]]);
            }
            left += toLeft;
            right -= rowAfter[moved];
            if (tau < minSegment || n - tau < minSegment) {
                continue;
            }
            double m = tau;
            double r = n - tau;
            double cross = total - left - right;
            double score = m * r / n * (2 * cross / (m * r) - left / (m * (m - 1) / 2) - right / (r * (r - 1) / 2));
            if (best == null || score > best.score()) {
                best = new Split(tau, score);
            }
        }
        return best;
    }

    /** The permutation p-value of a split, or 1 once it is clear that it cannot be significant. */
    private double permutationP(double[] series, int[] segment, double observed, SplittableRandom random) {
        int[] index = identity(segment[0], segment[1]);
        int atLeast = 0;
        // Once this many permutations score as high, the split cannot be significant: stop early.
        int hopeless = (int) Math.floor(significance * (permutations + 1.0));
        for (int p = 0; p < permutations && atLeast < hopeless; p++) {
            for (int i = index.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = index[i];
                index[i] = index[j];
                index[j] = swap;
            }
            if (bestSplit(series, index).score() >= observed) {
                atLeast++;
            }
        }
        return atLeast >= hopeless ? 1.0 : (atLeast + 1.0) / (permutations + 1.0);
    }

    private static int[] identity(int from, int to) {
        int[] index = new int[to - from];
        for (int i = 0; i < index.length; i++) {
            index[i] = from + i;
        }
        return index;
    }

    private static List<ChangePoint> changePoints(double[] series, List<Integer> cuts, List<Double> pValues) {
        Integer[] order = new Integer[cuts.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(cuts::get));
        List<ChangePoint> points = new ArrayList<>();
        for (int o = 0; o < order.length; o++) {
            int cut = cuts.get(order[o]);
            int from = o == 0 ? 0 : cuts.get(order[o - 1]);
            int to = o == order.length - 1 ? series.length : cuts.get(order[o + 1]);
            points.add(new ChangePoint(cut, Robust.median(Arrays.copyOfRange(series, from, cut)),
                    Robust.median(Arrays.copyOfRange(series, cut, to)), pValues.get(order[o])));
        }
        return points;
    }
}
