package io.shadowcat.profiler.live;

import io.shadowcat.profiler.analysis.ColumnHistograms;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The exchanges of one rolling window, by stage (all exchanges), by JSON-RPC method and by tool. Groups
 * are ordered by exchange count, largest first. The histograms are the caller's own copies.
 *
 * @param window the window's configured length
 * @param from   the start of the oldest slice still inside the window
 * @param to     the instant the view was taken
 */
public record WindowBreakdown(Duration window, Instant from, Instant to, ColumnHistograms all,
                              Map<String, ColumnHistograms> methods, Map<String, ColumnHistograms> tools) {
}
