package io.shadowcat.gatling;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The user's targets that a run must meet at the least (floors, not aims), checked on the client-side figures of
 * the result. The verdict goes into the result's {@code floors} tag ({@code met}, or {@code missed: …} naming each
 * miss); the harness fails a run that missed any. A figure that could not be measured is a miss.
 *
 * <p>Thread-safe (synchronized); filled once, in a suite's {@code after()} hook.
 */
public final class Floors {
    private final List<String> misses = new ArrayList<>();
    private int checked;

    public synchronized void atMost(String what, double value, double bound) {
        checked++;
        if (!(value <= bound)) {
            misses.add(String.format(Locale.ROOT, "%s %.3f > %.3f", what, value, bound));
        }
    }

    public synchronized void atLeast(String what, double value, double bound) {
        checked++;
        if (!(value >= bound)) {
            misses.add(String.format(Locale.ROOT, "%s %.3f < %.3f", what, value, bound));
        }
    }

    public synchronized String verdict() {
        if (checked == 0) {
            return "none";
        }
        return misses.isEmpty() ? "met" : "missed: " + String.join("; ", misses);
    }
}
