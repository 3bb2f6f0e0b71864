package io.shadowcat.profiler.analysis;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Where the time of a recording's exchanges went: every column over all exchanges, per JSON-RPC
 * method and per tool, and the slowest exchanges with their stage split. Immutable once built; the
 * histograms inside must not be modified.
 *
 * @param recording  the file's name, for headings
 * @param first      the earliest exchange start
 * @param last       the latest exchange start
 * @param byMethod   per JSON-RPC method, most frequent first
 * @param byTool     per tool (or prompt, resource) named by a request, most frequent first
 * @param slowest    the slowest exchanges by {@code total}, slowest first
 * @param othersCpu  the share (0–1) of the machine's CPU that other processes took in the analysed part of
 *                   the recording (mean of JFR's {@code jdk.CPULoad} samples from the analyser's
 *                   {@code since} on: machine total minus this JVM's user and system time); empty without
 *                   such samples
 */
public record Breakdown(String recording, Instant first, Instant last, Environment environment,
                        ColumnHistograms all, Map<String, ColumnHistograms> byMethod,
                        Map<String, ColumnHistograms> byTool, List<ExchangeRecord> slowest, OptionalDouble othersCpu) {

    /** The number of exchanges analysed. */
    public long count() {
        return all.count();
    }
}
