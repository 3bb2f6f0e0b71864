package io.shadowcat.regression.verdict;

import io.shadowcat.regression.result.Histograms;
import io.shadowcat.regression.result.Metric;
import io.shadowcat.regression.result.Result;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;

/**
 * Whether a statistic rests on enough observations to be judged. A {@code max} is one exchange's
 * luck (a GC pause or a descheduled thread), never a level, so it is never judged. A percentile
 * {@code pNN} is judged when the run's HdrHistogram for its scope (carried by a sibling metric of
 * the same scope, as {@code profile report} attaches it to each stage's {@code p50}) holds at least
 * {@value #MIN_BEYOND} observations beyond it: the p99.9 of 5 000 exchanges is decided by five
 * of them and jumps from run to run, and since the slow exchanges of a shared machine come in
 * bursts (a GC pause or a descheduled thread delays every exchange in flight), even ten beyond a
 * percentile are only a few events; the gate's evaluation showed p99.9 of 30 000 exchanges still
 * raising false alarms. A scope without a histogram of its own (a method's or a
 * tool's) is bounded by the largest histogram of the run, since no part holds more observations
 * than the whole; without any histogram a percentile is judged. Immutable.
 */
public final class TailSupport {
    /** The fewest observations beyond a percentile for it to be judged. */
    public static final int MIN_BEYOND = 50;

    private static final Pattern PERCENTILE = Pattern.compile("p(\\d+)");

    private final Map<String, Long> counts;

    private TailSupport(Map<String, Long> counts) {
        this.counts = Map.copyOf(counts);
    }

    /** The observation counts of every scope of {@code run} that carries a decodable histogram. */
    public static TailSupport of(Result run) {
        Map<String, Long> counts = new HashMap<>();
        for (Metric metric : run.metrics()) {
            if (metric.histogram().isEmpty()) {
                continue;
            }
            try {
                counts.put(scope(metric.name()), Histograms.decode(metric.histogram().get()).getTotalCount());
            } catch (DataFormatException e) {
                // An undecodable histogram says nothing about the count; the metric is judged as without one.
            }
        }
        return new TailSupport(counts);
    }

    /** Whether {@code metric} is stable enough to be judged. */
    public boolean judged(String metric) {
        String statistic = metric.substring(metric.lastIndexOf('.') + 1);
        if (statistic.equals("max")) {
            return false;
        }
        Matcher percentile = PERCENTILE.matcher(statistic);
        Long count = counts.getOrDefault(scope(metric), counts.values().stream().max(Long::compare).orElse(null));
        if (!percentile.matches() || count == null) {
            return true;
        }
        double quantile = Double.parseDouble("0." + percentile.group(1));
        return count * (1 - quantile) >= MIN_BEYOND;
    }

    private static String scope(String metric) {
        int dot = metric.lastIndexOf('.');
        return dot < 0 ? metric : metric.substring(0, dot);
    }
}
