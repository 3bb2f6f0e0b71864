package io.shadowcat.profiler.diff;

import io.shadowcat.profiler.analysis.Column;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What moved between two profiles, column by column, and which stages explain a change in
 * {@code total}.
 *
 * <p>Means are exact and additive: {@code Δmean(total)} is exactly the sum of every stage's
 * {@code Δmean} plus {@code Δmean(unattributed)}. The explaining stages are therefore the parts of
 * total whose mean moved in the same direction as total's, largest first, until together they account
 * for at least {@value #EXPLAINED}·100% of it. Quantile intervals come from {@link QuantileBootstrap}.
 * Immutable.
 */
public record ProfileDiff(String base, String candidate, List<StageChange> changes, List<StageChange> explaining,
                          List<HotMethodChange> hotMethodsGrown) {
    /** A method whose share of execution samples grew; a method outside a side's report counts as 0 there. */
    public record HotMethodChange(String method, double baseShare, double candidateShare) {
    }

    /** The share of a change in total the explaining stages must reach together. */
    public static final double EXPLAINED = 0.8;
    private static final long SEED = 0x5ad0_ca7L;

    /** Compares {@code candidate} with {@code base}. */
    public static ProfileDiff of(Profile base, Profile candidate) {
        QuantileBootstrap bootstrap = new QuantileBootstrap(SEED);
        double totalChange = candidate.column(Column.TOTAL).mean() - base.column(Column.TOTAL).mean();
        List<StageChange> changes = new ArrayList<>();
        for (Column column : Column.ALL) {
            Distribution b = base.column(column);
            Distribution c = candidate.column(column);
            Interval mean = QuantileBootstrap.meanChange(b, c);
            double share = column.isPartOfTotal() && totalChange != 0 ? mean.estimate() / totalChange : Double.NaN;
            changes.add(new StageChange(column.name(), b.count(), c.count(),
                    quantile(b, 0.5), quantile(c, 0.5), bootstrap.quantileChange(b.histogram(), c.histogram(), 0.5),
                    quantile(b, 0.99), quantile(c, 0.99), bootstrap.quantileChange(b.histogram(), c.histogram(), 0.99),
                    b.mean(), c.mean(), mean, share));
        }
        return new ProfileDiff(base.label(), candidate.label(), List.copyOf(changes), explaining(changes, totalChange),
                grown(base.hotMethods(), candidate.hotMethods()));
    }

    private static List<HotMethodChange> grown(Map<String, Double> base, Map<String, Double> candidate) {
        return candidate.entrySet().stream()
                .map(e -> new HotMethodChange(e.getKey(), base.getOrDefault(e.getKey(), 0.0), e.getValue()))
                .filter(c -> c.candidateShare() > c.baseShare())
                .sorted(Comparator.comparingDouble((HotMethodChange c) -> c.candidateShare() - c.baseShare()).reversed()
                        .thenComparing(HotMethodChange::method))
                .limit(5)
                .toList();
    }

    /** The change of {@code total}. */
    public StageChange total() {
        return changes.stream().filter(c -> c.column().equals(Column.TOTAL.name())).findFirst().orElseThrow();
    }

    private static List<StageChange> explaining(List<StageChange> changes, double totalChange) {
        if (totalChange == 0) {
            return List.of();
        }
        List<StageChange> sameDirection = changes.stream()
                .filter(c -> !Double.isNaN(c.shareOfTotalChange()) && c.shareOfTotalChange() > 0)
                .sorted(Comparator.comparingDouble(StageChange::shareOfTotalChange).reversed())
                .toList();
        List<StageChange> out = new ArrayList<>();
        double covered = 0;
        for (StageChange change : sameDirection) {
            if (covered >= EXPLAINED) {
                break;
            }
            out.add(change);
            covered += change.shareOfTotalChange();
        }
        return List.copyOf(out);
    }

    private static double quantile(Distribution d, double q) {
        return d.count() == 0 ? 0 : d.histogram().getValueAtPercentile(q * 100);
    }
}
