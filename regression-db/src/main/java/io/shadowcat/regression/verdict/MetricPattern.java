package io.shadowcat.regression.verdict;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A glob over metric names: {@code *} matches any run of characters (dots included),
 * everything else matches itself. {@code profile.stage.*.p99}, {@code gatling.*}, {@code *}.
 * Immutable.
 */
public final class MetricPattern {
    private final String glob;
    private final Pattern regex;

    private MetricPattern(String glob) {
        this.glob = glob;
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        this.regex = Pattern.compile(regex.toString());
    }

    public static MetricPattern of(String glob) {
        Objects.requireNonNull(glob, "glob");
        if (glob.isBlank()) {
            throw new IllegalArgumentException("a metric pattern must not be empty");
        }
        return new MetricPattern(glob);
    }

    public boolean matches(String metric) {
        return regex.matcher(metric).matches();
    }

    @Override
    public String toString() {
        return glob;
    }
}
