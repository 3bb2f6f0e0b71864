package io.shadowcat.regression.report;

import io.shadowcat.regression.verdict.Verdict;
import java.util.Locale;
import java.util.Optional;

/** The ways a verdict can be written: for a terminal, a pull request, a CI test view, a program. */
public enum ReportFormat {
    TEXT(new TextReport()),
    MD(new MarkdownReport()),
    JUNIT(new JunitReport()),
    JSON(new JsonReport());

    private final VerdictReport report;

    ReportFormat(VerdictReport report) {
        this.report = report;
    }

    public String render(Verdict verdict) {
        return report.render(verdict);
    }

    /** The format a command-line word names ({@code text}, {@code md}, {@code junit}, {@code json}). */
    public static Optional<ReportFormat> of(String word) {
        for (ReportFormat format : values()) {
            if (format.name().toLowerCase(Locale.ROOT).equals(word)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
