package io.shadowcat.profiler.report;

import io.shadowcat.profiler.Stage;
import io.shadowcat.profiler.analysis.Breakdown;
import io.shadowcat.profiler.analysis.Column;
import io.shadowcat.profiler.analysis.ProfileInputException;
import io.shadowcat.profiler.analysis.RecordingAnalyzer;
import io.shadowcat.profiler.findings.JmcRules;
import io.shadowcat.profiler.findings.JvmActivity;
import io.shadowcat.profiler.findings.JvmFindings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;

/** Builds the {@link Report} of one recording: the stage breakdown and, if asked, the JVM findings. Stateless. */
public final class Reports {
    private Reports() {
    }

    /**
     * Analyses {@code recording}.
     *
     * @param slowest how many of the slowest exchanges to keep
     * @param suite   the suite name of the result document
     * @param jvm     whether to look at the JVM as well (JMC rules, GC, allocation, locks, hot methods)
     * @throws ProfileInputException if the recording cannot be used
     */
    public static Report of(Path recording, int slowest, String suite, boolean jvm) throws ProfileInputException {
        return of(recording, slowest, suite, jvm, Instant.MIN);
    }

    /**
     * As {@link #of(Path, int, String, boolean)}, over the exchanges that started at or after
     * {@code since} only (the JVM findings still cover the whole recording).
     */
    public static Report of(Path recording, int slowest, String suite, boolean jvm, Instant since)
            throws ProfileInputException {
        Breakdown breakdown = new RecordingAnalyzer(slowest, since).analyze(recording);
        if (!jvm) {
            return new Report(suite, breakdown, JvmFindings.NONE);
        }
        try {
            JvmFindings findings = new JvmActivity().read(recording, slowestStage(breakdown), new JmcRules().evaluate(recording));
            return new Report(suite, breakdown, findings);
        } catch (IOException | RuntimeException e) {
            throw new ProfileInputException(recording + ": JVM events cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** The stage (not total) that took the most time summed over all exchanges. */
    public static String slowestStage(Breakdown breakdown) {
        return Arrays.stream(Stage.values()).filter(s -> s != Stage.TOTAL)
                .max(Comparator.comparingLong(s -> breakdown.all().sum(Column.of(s))))
                .orElseThrow().wireName();
    }
}
