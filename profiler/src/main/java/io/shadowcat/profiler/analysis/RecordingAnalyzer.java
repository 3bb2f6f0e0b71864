package io.shadowcat.profiler.analysis;

import io.shadowcat.profiler.ExchangeEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Streams a flight recording with {@link RecordingFile} and builds its {@link Breakdown}: memory
 * stays constant whatever the file's size (one event at a time, histograms per column, at most
 * {@value #MAX_GROUPS} methods and tools each, the rest pooled under {@value #OTHER}).
 *
 * <p>Reads recordings written by Java 17 and later. Thread-safe: each call works on its own state.
 */
public final class RecordingAnalyzer {
    /** The most methods, and the most tools, given their own row. */
    public static final int MAX_GROUPS = 100;
    /** The row that pools methods or tools beyond {@link #MAX_GROUPS}. */
    public static final String OTHER = "(other)";
    /** The method row of exchanges whose JSON-RPC method is unknown (unparseable requests). */
    public static final String NO_METHOD = "(none)";
    private static final String CPU_LOAD = "jdk.CPULoad";


    private final int slowestLimit;
    private final Instant since;

    /** @param slowestLimit how many of the slowest exchanges the breakdown keeps */
    public RecordingAnalyzer(int slowestLimit) {
        this(slowestLimit, Instant.MIN);
    }

    /**
     * @param slowestLimit how many of the slowest exchanges the breakdown keeps
     * @param since        exchanges that started before this instant are left out (a benchmark's warm-up)
     */
    public RecordingAnalyzer(int slowestLimit, Instant since) {
        this.slowestLimit = slowestLimit;
        this.since = Objects.requireNonNull(since, "since");
    }

    /**
     * Analyses {@code recording}.
     *
     * @throws ProfileInputException if the path cannot be read, is not a complete flight recording,
     *                               or holds no {@code shadowcat.Exchange} event
     */
    public Breakdown analyze(Path recording) throws ProfileInputException {
        checkReadable(recording);
        State state = new State();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                state.accept(file.readEvent());
            }
        } catch (IOException | RuntimeException e) {
            throw new ProfileInputException(recording + ": not a readable flight recording ("
                    + describe(e) + ")", e);
        }
        if (state.all.count() == 0 && state.skipped > 0) {
            throw new ProfileInputException(recording + ": none of its " + state.skipped + " "
                    + ExchangeEvent.NAME + " events started at or after " + since);
        }
        if (state.all.count() == 0) {
            throw new ProfileInputException(recording + ": the recording holds no " + ExchangeEvent.NAME
                    + " events (was it made by Shadowcat with the exchange event enabled?)");
        }
        return new Breakdown(String.valueOf(recording.getFileName()), state.first, state.last, state.environment.environment(),
                state.all, ColumnHistograms.byCount(state.byMethod), ColumnHistograms.byCount(state.byTool), state.slowest.slowestFirst(),
                state.cpuSamples == 0 ? OptionalDouble.empty() : OptionalDouble.of(state.othersCpu / state.cpuSamples));
    }

    static void checkReadable(Path path) throws ProfileInputException {
        if (!Files.exists(path)) {
            throw new ProfileInputException(path + ": no such file");
        }
        if (Files.isDirectory(path)) {
            throw new ProfileInputException(path + ": is a directory, not a file");
        }
        if (!Files.isReadable(path)) {
            throw new ProfileInputException(path + ": cannot be read (permission denied)");
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e instanceof java.io.EOFException ? "the file ends early: truncated?" : e.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message);
    }

    private final class State {
        final ColumnHistograms all = ColumnHistograms.precise();
        final Map<String, ColumnHistograms> byMethod = new HashMap<>();
        final Map<String, ColumnHistograms> byTool = new HashMap<>();
        final SlowestExchanges slowest = new SlowestExchanges(slowestLimit);
        final EnvironmentCollector environment = new EnvironmentCollector();
        final ExchangeReader reader = new ExchangeReader();
        Instant first;
        Instant last;
        long skipped;
        double othersCpu;
        long cpuSamples;

        void accept(RecordedEvent event) {
            String type = event.getEventType().getName();
            if (type.equals(ExchangeEvent.NAME)) {
                exchange(event);
                return;
            }
            if (type.equals(CPU_LOAD) && !event.getStartTime().isBefore(since)) {
                othersCpu += Math.max(0, event.getFloat("machineTotal") - event.getFloat("jvmUser")
                        - event.getFloat("jvmSystem"));
                cpuSamples++;
            }
            environment.accept(event);
        }

        void exchange(RecordedEvent event) {
            if (event.getStartTime().isBefore(since)) {
                skipped++;
                return;
            }
            ExchangeRecord exchange = reader.read(event);
            all.record(exchange);
            group(byMethod, exchange.method() == null ? NO_METHOD : exchange.method()).record(exchange);
            if (exchange.tool() != null) {
                group(byTool, exchange.tool()).record(exchange);
            }
            slowest.offer(exchange);
            Instant start = exchange.start();
            first = first == null || start.isBefore(first) ? start : first;
            last = last == null || start.isAfter(last) ? start : last;
        }

        private ColumnHistograms group(Map<String, ColumnHistograms> groups, String key) {
            ColumnHistograms existing = groups.get(key);
            if (existing != null) {
                return existing;
            }
            String row = groups.size() < MAX_GROUPS ? key : OTHER;
            return groups.computeIfAbsent(row, k -> ColumnHistograms.compact());
        }
    }
}
