package io.shadowcat.profiler.findings;

import java.util.List;

/**
 * What the JVM did while a recording ran, as far as it bears on latency. Immutable.
 *
 * @param rules           JMC automated-analysis results at warning level or above, most severe first
 * @param gc              garbage-collection pauses, or {@code null} if the recording has none
 * @param allocation      allocation rate, or {@code null} if the recording has no allocation events
 * @param locks           lock contention, or {@code null} if the recording has no monitor events
 * @param hotMethods      methods most often on CPU during the slowest stage, empty without execution samples
 * @param hotMethodsScope what {@code hotMethods} cover: the slowest stage's spans, or the whole recording
 * @param unavailable     why the rules could not run, or {@code null} if they did
 */
public record JvmFindings(List<RuleFinding> rules, GcSummary gc, AllocationSummary allocation,
                          LockSummary locks, List<HotMethod> hotMethods, String hotMethodsScope, String unavailable) {
    /** Findings of a report that did not look at the JVM. */
    public static final JvmFindings NONE = new JvmFindings(List.of(), null, null, null, List.of(), null, null);

    /** One JMC rule's result. {@code severity} is JMC's name for it (WARNING, ...), {@code score} 0..100. */
    public record RuleFinding(String id, String name, String severity, double score, String summary, String explanation) {
    }

    /** GC pauses: how many, their sum and the longest, in nanoseconds. */
    public record GcSummary(long collections, long pauses, long totalPauseNanos, long longestPauseNanos, double pauseShare) {
    }

    /** Bytes allocated in TLABs and outside them per second of recording, and the top allocating classes. */
    public record AllocationSummary(double bytesPerSecond, long sampledBytes, List<String> topClasses) {
    }

    /** Contended monitor enters: how many, their summed wait and the monitor classes waited on most. */
    public record LockSummary(long events, long totalWaitNanos, List<String> topMonitors) {
    }

    /** One method and how many execution samples had it on top of the stack. */
    public record HotMethod(String method, long samples, double share) {
    }
}
