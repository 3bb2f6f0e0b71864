package io.shadowcat.regression.verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The smallest change worth failing a build for, per metric pattern: the first pattern that
 * matches a metric wins, otherwise the default (5%). A statistically certain 0.3% is not a
 * regression anyone should chase.
 *
 * <p>A change must also reach an absolute minimum when the metric is a time: by default
 * {@value #DEFAULT_ABSOLUTE_NANOS} ns, set per pattern with a duration ({@code profile.stage.*=2us}).
 * A stage that takes 40 ns moves by 10 ns when the clock ticks differently, which is 25% and
 * nothing at all; a proxy's cost is counted in microseconds. Immutable.
 */
public final class EffectSizes {
    /** The default minimum effect: 5% of the baseline level. */
    public static final double DEFAULT = 0.05;
    /** The default absolute minimum change of a time metric, in nanoseconds. */
    public static final long DEFAULT_ABSOLUTE_NANOS = 1000;

    private static final Map<String, Double> NANOS_PER_UNIT = Map.of("ns", 1.0, "us", 1e3, "\u00b5s", 1e3,
            "ms", 1e6, "s", 1e9);

    private record Rule(MetricPattern pattern, double size) {
    }

    private final List<Rule> rules;
    private final double fallback;
    private final List<Rule> absolutes;
    private final double absoluteFallback;

    private EffectSizes(List<Rule> rules, double fallback, List<Rule> absolutes, double absoluteFallback) {
        this.rules = List.copyOf(rules);
        this.fallback = fallback;
        this.absolutes = List.copyOf(absolutes);
        this.absoluteFallback = absoluteFallback;
    }

    public static EffectSizes defaults() {
        return new EffectSizes(List.of(), DEFAULT, List.of(), DEFAULT_ABSOLUTE_NANOS);
    }

    /**
     * Parses rules such as {@code profile.stage.*.p99=10%} or {@code gatling.global.rps=0.03}
     * (relative), or {@code profile.stage.*=2us} (absolute, for time metrics: a number with
     * {@code ns}, {@code us}, {@code ms} or {@code s}); a rule with pattern {@code *} sets the default.
     */
    public static EffectSizes parse(List<String> specs) {
        List<Rule> rules = new ArrayList<>();
        List<Rule> absolutes = new ArrayList<>();
        double fallback = DEFAULT;
        double absoluteFallback = DEFAULT_ABSOLUTE_NANOS;
        for (String spec : specs) {
            int equals = spec.lastIndexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("expected PATTERN=SIZE such as 'gatling.*=10%', got '" + spec + "'");
            }
            String pattern = spec.substring(0, equals).trim();
            String size = spec.substring(equals + 1).trim();
            Double nanos = nanos(size, spec);
            if (nanos != null && pattern.equals("*")) {
                absoluteFallback = nanos;
            } else if (nanos != null) {
                absolutes.add(new Rule(MetricPattern.of(pattern), nanos));
            } else if (pattern.equals("*")) {
                fallback = fraction(size, spec);
            } else {
                rules.add(new Rule(MetricPattern.of(pattern), fraction(size, spec)));
            }
        }
        return new EffectSizes(rules, fallback, absolutes, absoluteFallback);
    }

    /** A duration such as {@code 2us} in nanoseconds, or null when {@code text} has no time unit. */
    private static Double nanos(String text, String spec) {
        String unit = text.replaceFirst("^[0-9.eE+-]+", "");
        Double factor = NANOS_PER_UNIT.get(unit);
        if (factor == null || unit.length() == text.length()) {
            return null;
        }
        try {
            double value = Double.parseDouble(text.substring(0, text.length() - unit.length()));
            if (!(value >= 0)) {
                throw new IllegalArgumentException("effect size out of range in '" + spec + "'");
            }
            return value * factor;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("effect size is not a number in '" + spec + "'", e);
        }
    }

    private static double fraction(String text, String spec) {
        try {
            double value = text.endsWith("%")
                    ? Double.parseDouble(text.substring(0, text.length() - 1)) / 100
                    : Double.parseDouble(text);
            if (!(value >= 0 && value < 10)) {
                throw new IllegalArgumentException("effect size out of range in '" + spec + "'");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("effect size is not a number in '" + spec + "'", e);
        }
    }

    /**
     * The absolute minimum change of a metric in its own unit: for a time metric (unit {@code ns},
     * {@code us}, {@code ms} or {@code s}) the first matching absolute rule or the default; 0 otherwise.
     */
    public double absoluteFor(String metric, String unit) {
        Double perUnit = NANOS_PER_UNIT.get(unit);
        if (perUnit == null) {
            return 0;
        }
        double nanos = absolutes.stream().filter(r -> r.pattern().matches(metric)).map(Rule::size).findFirst()
                .orElse(absoluteFallback);
        return nanos / perUnit;
    }

    /** The minimum effect for a metric, as a fraction of its baseline level. */
    public double forMetric(String metric) {
        return rules.stream().filter(r -> r.pattern().matches(metric)).map(Rule::size).findFirst()
                .orElse(fallback);
    }
}
