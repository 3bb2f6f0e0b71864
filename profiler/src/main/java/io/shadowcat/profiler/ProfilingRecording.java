package io.shadowcat.profiler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * A dedicated, time-boxed recording for a closer look: the JDK's {@code profile} settings (execution
 * samples every 10 ms, allocation samples, lock and park events above 10 ms, ...) plus every
 * {@code shadowcat.Exchange} and {@code shadowcat.Stage} span event. A timer thread of its own stops
 * the recording when the time is up, which writes the file; nothing waits for it.
 *
 * <p>At most one runs at a time per instance. Thread-safe.
 */
public final class ProfilingRecording {
    private static final System.Logger LOG = System.getLogger(ProfilingRecording.class.getName());

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "shadowcat-profiling-timer");
        thread.setDaemon(true);
        return thread;
    });
    private Recording running;

    /**
     * Starts recording for {@code length}, to be written to {@code destination}.
     *
     * @throws IllegalStateException if a recording started here is still running
     * @throws IOException           if the settings cannot be read or the directory created
     */
    public synchronized void start(Duration length, Path destination) throws IOException {
        Objects.requireNonNull(length, "length");
        if (running != null && running.getState() == RecordingState.RUNNING) {
            throw new IllegalStateException("a profiling recording is already running, to " + running.getDestination());
        }
        Path parent = destination.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Recording recording = new Recording(settings());
        recording.setName("shadowcat-profile");
        recording.setToDisk(true);
        recording.setDestination(destination);
        recording.start();
        running = recording;
        timer.schedule(() -> finish(recording), length.toMillis(), TimeUnit.MILLISECONDS);
    }

    // Stopping writes the recording to its destination.
    private void finish(Recording recording) {
        try {
            recording.stop();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the profiling recording to " + recording.getDestination() + " could not be written", e);
        } finally {
            recording.close();
        }
    }

    /** Whether a recording started here is still running. */
    public synchronized boolean isRunning() {
        return running != null && running.getState() == RecordingState.RUNNING;
    }

    /** The settings in force: the JDK's {@code profile} settings with Shadowcat's events switched on. */
    public static Map<String, String> settings() throws IOException {
        Map<String, String> settings;
        try {
            settings = new HashMap<>(Configuration.getConfiguration("profile").getSettings());
        } catch (ParseException e) {
            throw new IOException("the JDK's profile JFR settings cannot be parsed", e);
        }
        for (String event : new String[] {ExchangeEvent.NAME, StageEvent.NAME}) {
            settings.put(event + "#enabled", "true");
            settings.put(event + "#threshold", "0 ns");
        }
        return settings;
    }
}
