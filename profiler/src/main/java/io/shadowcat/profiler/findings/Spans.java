package io.shadowcat.profiler.findings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage spans by thread, sorted, answering "was a span open on this thread at this instant?" by
 * binary search. Immutable after construction.
 */
final class Spans {
    record Span(long threadId, Instant start, Instant end) {
    }

    private final Map<Long, List<Span>> byThread = new HashMap<>();

    Spans(List<Span> spans) {
        for (Span span : spans) {
            byThread.computeIfAbsent(span.threadId(), t -> new ArrayList<>()).add(span);
        }
        byThread.values().forEach(list -> list.sort(Comparator.comparing(Span::start)));
    }

    boolean contains(long threadId, Instant instant) {
        List<Span> spans = byThread.get(threadId);
        if (spans == null) {
            return false;
        }
        int low = 0;
        int high = spans.size() - 1;
        int candidate = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (!spans.get(mid).start().isAfter(instant)) {
                candidate = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        // Spans of one stage on one thread do not overlap, so the latest span starting before the instant decides.
        return candidate >= 0 && !spans.get(candidate).end().isBefore(instant);
    }
}
