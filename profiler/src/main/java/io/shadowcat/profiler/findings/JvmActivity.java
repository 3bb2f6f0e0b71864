package io.shadowcat.profiler.findings;

import io.shadowcat.profiler.StageEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * GC pauses, allocation rate, lock contention and hot methods, read by streaming the recording with
 * {@link RecordingFile}.
 *
 * <p>Hot methods are counted from {@code jdk.ExecutionSample} top frames. When the recording has
 * {@code shadowcat.Stage} span events for the stage asked about, only samples taken on a span's
 * thread while the span was open count (two passes: spans, then samples; memory grows with the
 * number of such spans, capped at {@value #MAX_SPANS}). Without spans the hot methods cover the whole
 * recording, and {@link JvmFindings#hotMethodsScope()} says so. Larger than most classes because one
 * pass gathers five kinds of event. Thread-safe: each call owns its state.
 */
public final class JvmActivity {
    /** The most stage spans kept for matching samples. */
    public static final int MAX_SPANS = 1_000_000;
    private static final int TOP = 10;
    private static final String MONITOR_ENTER = "jdk.JavaMonitorEnter";

    /** The findings other than JMC rules, with hot methods for {@code hotStage} where spans allow. */
    public JvmFindings read(Path recording, String hotStage, JmcRules.Outcome rules) throws IOException {
        Pass first = new Pass(hotStage);
        try (RecordingFile file = new RecordingFile(recording)) {
            file.readEventTypes().stream().filter(t -> t.getName().equals(MONITOR_ENTER)).findFirst()
                    .ifPresent(t -> first.monitorEnterTypeId = t.getId());
            while (file.hasMoreEvents()) {
                first.accept(file.readEvent());
            }
        }
        Map<String, Long> hot = first.allSamples;
        String hotLabel = "over the whole recording (no " + StageEvent.NAME
                + " span events to isolate the slowest stage, " + hotStage + ")";
        if (!first.spans.isEmpty()) {
            Spans spans = new Spans(first.spans);
            hot = new HashMap<>();
            try (RecordingFile file = new RecordingFile(recording)) {
                while (file.hasMoreEvents()) {
                    RecordedEvent e = file.readEvent();
                    if (e.getEventType().getName().equals("jdk.ExecutionSample")
                            && spans.contains(threadId(e.getThread("sampledThread")), e.getStartTime())) {
                        String method = topFrame(e.getStackTrace());
                        if (method != null) {
                            hot.merge(method, 1L, Long::sum);
                        }
                    }
                }
            }
            hotLabel = "during the slowest stage, " + hotStage;
        }
        return new JvmFindings(rules.findings(), first.gc(), first.allocation(), first.locks(), top(hot),
                hot.isEmpty() ? null : hotLabel, rules.unavailable());
    }

    private static List<JvmFindings.HotMethod> top(Map<String, Long> samples) {
        long total = samples.values().stream().mapToLong(Long::longValue).sum();
        return samples.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .map(e -> new JvmFindings.HotMethod(e.getKey(), e.getValue(), (double) e.getValue() / total))
                .toList();
    }

    static String topFrame(RecordedStackTrace stack) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return null;
        }
        RecordedFrame frame = stack.getFrames().get(0);
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    static long threadId(RecordedThread thread) {
        return thread == null ? -1 : thread.getJavaThreadId();
    }

    private static final class Pass {
        final String hotStage;
        final Map<String, Long> allSamples = new HashMap<>();
        final List<Spans.Span> spans = new ArrayList<>();
        final Map<String, Long> allocatedByClass = new HashMap<>();
        final Map<String, Long> monitorWaits = new HashMap<>();
        Instant first;
        Instant last;
        long collections;
        long pauses;
        long pauseNanos;
        long longestPause;
        long allocatedBytes;
        boolean allocationEvents;
        long lockEvents;
        long lockNanos;
        boolean lockEventsEnabled;
        long monitorEnterTypeId = -1;

        Pass(String hotStage) {
            this.hotStage = hotStage;
        }

        void accept(RecordedEvent e) {
            first = first == null || e.getStartTime().isBefore(first) ? e.getStartTime() : first;
            last = last == null || e.getEndTime().isAfter(last) ? e.getEndTime() : last;
            switch (e.getEventType().getName()) {
                case "jdk.GarbageCollection" -> {
                    collections++;
                    pauseNanos += e.getDuration("sumOfPauses").toNanos();
                    longestPause = Math.max(longestPause, e.getDuration("longestPause").toNanos());
                }
                case "jdk.GCPhasePause" -> pauses++;
                case "jdk.ObjectAllocationSample" -> {
                    allocationEvents = true;
                    long weight = e.getLong("weight");
                    allocatedBytes += weight;
                    allocatedByClass.merge(e.getClass("objectClass").getName(), weight, Long::sum);
                }
                case "jdk.ActiveSetting" -> {
                    if (e.getLong("id") == monitorEnterTypeId && "enabled".equals(e.getString("name"))
                            && "true".equals(e.getString("value"))) {
                        lockEventsEnabled = true;
                    }
                }
                case MONITOR_ENTER -> {
                    lockEventsEnabled = true;
                    lockEvents++;
                    lockNanos += e.getDuration().toNanos();
                    monitorWaits.merge(e.getClass("monitorClass").getName(), e.getDuration().toNanos(), Long::sum);
                }
                case "jdk.ExecutionSample" -> {
                    String method = topFrame(e.getStackTrace());
                    if (method != null) {
                        allSamples.merge(method, 1L, Long::sum);
                    }
                }
                case StageEvent.NAME -> {
                    if (hotStage.equals(e.getString("stage")) && spans.size() < MAX_SPANS) {
                        spans.add(new Spans.Span(threadId(e.getThread()), e.getStartTime(), e.getEndTime()));
                    }
                }
                default -> { }
            }
        }

        double seconds() {
            return first == null ? 0 : Math.max(1e-9, Duration.between(first, last).toNanos() / 1e9);
        }

        JvmFindings.GcSummary gc() {
            return collections == 0 ? null : new JvmFindings.GcSummary(collections, pauses == 0 ? collections : pauses,
                    pauseNanos, longestPause, pauseNanos / 1e9 / seconds());
        }

        JvmFindings.AllocationSummary allocation() {
            return !allocationEvents ? null
                    : new JvmFindings.AllocationSummary(allocatedBytes / seconds(), allocatedBytes, topKeys(allocatedByClass));
        }

        JvmFindings.LockSummary locks() {
            return !lockEventsEnabled ? null : new JvmFindings.LockSummary(lockEvents, lockNanos, topKeys(monitorWaits));
        }

        private static List<String> topKeys(Map<String, Long> values) {
            return values.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                    .limit(3).map(Map.Entry::getKey).toList();
        }
    }
}
