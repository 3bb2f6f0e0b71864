package io.shadowcat.regression.verdict;

import java.util.ArrayList;
import java.util.List;

/**
 * The smallest change worth failing a build for, per metric pattern: the first pattern that
 * matches a metric wins, otherwise the default (5%). A statistically certain 0.3% is not a
 * regression anyone should chase. Immutable.
 */
public final class EffectSizes {
    /** The default minimum effect: 5% of the baseline level. */
    public static final double DEFAULT = 0.05;

    private record Rule(MetricPattern pattern, double fraction) {
    }

    private final List<Rule> rules;
    private final double fallback;

    private EffectSizes(List<Rule> rules, double fallback) {
        this.rules = List.copyOf(rules);
        this.fallback = fallback;
    }

    public static EffectSizes defaults() {
        return new EffectSizes(List.of(), DEFAULT);
    }

    /**
     * Parses rules such as {@code profile.stage.*.p99=10%} or {@code gatling.global.rps=0.03};
     * a rule with pattern {@code *} sets the default.
     */
    public static EffectSizes parse(List<String> specs) {
        List<Rule> rules = new ArrayList<>();
        double fallback = DEFAULT;
        for (String spec : specs) {
            int equals = spec.lastIndexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("expected PATTERN=SIZE such as 'gatling.*=10%', got '" + spec + "'");
            }
            String pattern = spec.substring(0, equals).trim();
            double fraction = fraction(spec.substring(equals + 1).trim(), spec);
            if (pattern.equals("*")) {
                fallback = fraction;
            } else {
                rules.add(new Rule(MetricPattern.of(pattern), fraction));
            }
        }
        return new EffectSizes(rules, fallback);
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

    /** The minimum effect for a metric, as a fraction of its baseline level. */
    public double forMetric(String metric) {
        return rules.stream().filter(r -> r.pattern().matches(metric)).map(Rule::fraction).findFirst()
                .orElse(fallback);
    }
}
