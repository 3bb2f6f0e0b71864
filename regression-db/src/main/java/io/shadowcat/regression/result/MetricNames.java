package io.shadowcat.regression.result;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The metric naming contract, {@code <source>.<scope>.<statistic>}: at least three dot-separated
 * parts of letters, digits, {@code _ - : [ ] = ,}. The scope may itself hold dots
 * ({@code profile.stage.auth.p99}). Stateless.
 */
public final class MetricNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-:\\[\\]=,]+(\\.[A-Za-z0-9_\\-:\\[\\]=,]+){2,}");

    /** The stage the end-to-end time of an exchange is reported under (see DESIGN.md). */
    public static final String TOTAL_STAGE = "total";

    private MetricNames() {
    }

    public static boolean isValid(String name) {
        return NAME.matcher(name).matches();
    }

    /**
     * Whether the metric describes the machine the run was measured on rather than the code under test
     * ({@code profile.machine.others_cpu.mean}: the share of CPU other processes took): scope {@code machine}.
     */
    public static boolean isMachine(String name) {
        String[] parts = name.split("\\.");
        return parts.length >= 3 && parts[1].equals("machine");
    }

    /**
     * For a stage metric such as {@code profile.stage.auth.p99}: the stage ({@code auth}).
     * Anything else has no stage.
     */
    public static Optional<String> stage(String name) {
        String[] parts = name.split("\\.");
        if (parts.length == 4 && parts[1].equals("stage")) {
            return Optional.of(parts[2]);
        }
        return Optional.empty();
    }
}
