package io.shadowcat.profiler.report;

import io.shadowcat.profiler.analysis.Breakdown;
import io.shadowcat.profiler.findings.JvmFindings;
import java.util.Objects;

/**
 * Everything a {@code profile report} shows: the stage breakdown and the JVM findings, plus the
 * suite name its {@code shadowcat.result/v1} document is filed under. Immutable.
 */
public record Report(String suite, Breakdown breakdown, JvmFindings findings) {
    /** The suite name used when none is given. */
    public static final String DEFAULT_SUITE = "profile";

    public Report {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(breakdown, "breakdown");
        Objects.requireNonNull(findings, "findings");
    }
}
