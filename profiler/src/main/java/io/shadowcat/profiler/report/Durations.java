package io.shadowcat.profiler.report;

import java.util.Locale;

/** Formats nanosecond durations and shares the way every report shows them. Stateless. */
public final class Durations {
    private Durations() {
    }

    /** {@code nanos} with three significant digits in the largest unit that keeps it at least 1: ns, µs, ms or s. */
    public static String format(double nanos) {
        double abs = Math.abs(nanos);
        if (abs < 1_000) {
            return String.format(Locale.ROOT, "%.0f ns", nanos);
        }
        if (abs < 1_000_000) {
            return significant(nanos / 1e3) + " µs";
        }
        if (abs < 1_000_000_000) {
            return significant(nanos / 1e6) + " ms";
        }
        return significant(nanos / 1e9) + " s";
    }

    /** {@code fraction} as a percentage with one decimal. */
    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    private static String significant(double value) {
        double abs = Math.abs(value);
        String pattern = abs >= 100 ? "%.0f" : abs >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, value);
    }
}
