package io.shadowcat.jfr;

import io.dropwizard.servlets.tasks.Task;
import io.shadowcat.profiler.ProfilingRecording;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /tasks/jfr-profile?seconds=N[&file=name.jfr]} on the admin port: starts a dedicated
 * recording with the profiling settings (execution samples, allocation, locks, stage span events) for
 * N seconds (1 to {@value #MAX_SECONDS}) and prints the file it will be written to, in the dump
 * directory, when the time is up. One at a time. File names are plain names, never paths.
 */
public final class ProfileRecordingTask extends Task {
    static final int MAX_SECONDS = 3600;

    private final ProfilingRecording profiling = new ProfilingRecording();
    private final Path dumpDirectory;
    private final Clock clock;

    public ProfileRecordingTask(Path dumpDirectory, Clock clock) {
        super("jfr-profile");
        this.dumpDirectory = dumpDirectory;
        this.clock = clock;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) throws Exception {
        int seconds = seconds(parameters.getOrDefault("seconds", List.of()));
        Path target = dumpDirectory.resolve(RecordingFileName.of(parameters, "shadowcat-profile-", clock)).toAbsolutePath();
        profiling.start(Duration.ofSeconds(seconds), target);
        output.println(target);
    }

    private static int seconds(List<String> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("seconds is required: POST /tasks/jfr-profile?seconds=30");
        }
        try {
            int seconds = Integer.parseInt(values.get(0).trim());
            if (seconds >= 1 && seconds <= MAX_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw new IllegalArgumentException("seconds must be a whole number from 1 to " + MAX_SECONDS + ", not '" + values.get(0) + "'");
    }
}
