package io.shadowcat.regression.verdict;

import io.shadowcat.regression.result.MetricNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Names the stages behind an end-to-end regression. An end-to-end metric is a {@code total}
 * stage metric ({@code profile.stage.total.p99}) or a load-test figure
 * ({@code gatling.*}, {@code wrk.*}); its stages are the candidate's stage metrics of the same
 * statistic. Each stage's delta from its own baseline level is set against the end-to-end delta;
 * percentiles do not add up exactly, so shares are a guide, and the rest is left unattributed
 * rather than spread. A stage is named when it carries a quarter of the change and its own move is beyond its
 * noise ({@link StageShare#moved()}). Stateless.
 */
public final class Attribution {
    /** A stage that carries at least this share of the end-to-end change is named as moved. */
    public static final double SHARE_THRESHOLD = 0.25;

    private Attribution() {
    }

    public static boolean isEndToEnd(String metric) {
        Optional<String> stage = MetricNames.stage(metric);
        if (stage.isPresent()) {
            return stage.get().equals(MetricNames.TOTAL_STAGE);
        }
        return metric.startsWith("gatling.") || metric.startsWith("wrk.");
    }

    /** The stage shares of an end-to-end verdict, largest delta first. */
    static List<StageShare> shares(MetricVerdict endToEnd, List<MetricVerdict> all) {
        String statistic = statistic(endToEnd.metric());
        double total = endToEnd.candidate() - endToEnd.baseline();
        List<StageShare> shares = new ArrayList<>();
        for (MetricVerdict candidate : all) {
            Optional<String> stage = MetricNames.stage(candidate.metric());
            if (stage.isEmpty() || stage.get().equals(MetricNames.TOTAL_STAGE)
                    || !statistic(candidate.metric()).equals(statistic) || candidate.status() == Status.NEW) {
                continue;
            }
            double delta = candidate.candidate() - candidate.baseline();
            shares.add(new StageShare(stage.get(), candidate.metric(), delta, total == 0 ? 0 : delta / total,
                    candidate.status(), candidate.pNoise()));
        }
        shares.sort(Comparator.comparingDouble(StageShare::delta).reversed());
        return shares;
    }

    /** "profile.stage.total.p99 +18.0%: policy +41 us (85%), upstream unchanged". */
    public static String describe(MetricVerdict verdict) {
        StringBuilder line = new StringBuilder(verdict.metric()).append(' ')
                .append(String.format(Locale.ROOT, "%+.1f%%", 100 * relative(verdict)));
        if (verdict.stages().isEmpty()) {
            return line.toString();
        }
        List<String> parts = new ArrayList<>();
        for (StageShare stage : verdict.stages()) {
            if (stage.moved()) {
                parts.add(String.format(Locale.ROOT, "%s %+.3g %s (%.0f%%)", stage.stage(), stage.delta(),
                        verdict.unit(), 100 * stage.share()));
            }
        }
        if (parts.isEmpty()) {
            parts.add("no single stage moved");
        }
        List<String> still = verdict.stages().stream().filter(s -> !s.moved()).map(StageShare::stage).toList();
        if (!still.isEmpty()) {
            parts.add(String.join(", ", still) + " unchanged");
        }
        return line.append(": ").append(String.join(", ", parts)).toString();
    }

    /** The candidate's change relative to the baseline level, as measured (not direction-adjusted). */
    public static double relative(MetricVerdict verdict) {
        return (verdict.candidate() - verdict.baseline()) / Math.abs(verdict.baseline());
    }

    private static String statistic(String metric) {
        return metric.substring(metric.lastIndexOf('.') + 1);
    }
}
