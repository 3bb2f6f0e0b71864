package io.shadowcat.jfr;

import io.dropwizard.lifecycle.Managed;
import io.shadowcat.profiler.FlightRecording;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's continuous flight recording as a Dropwizard-managed object: started with the server,
 * closed at shutdown, dumpable while it runs. Thread-safe.
 */
public final class ManagedRecording implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedRecording.class);

    private final Path settings;
    private final Duration maxAge;
    private final long maxSizeBytes;
    private final Path dumpDirectory;
    private volatile FlightRecording recording;

    ManagedRecording(Path settings, Duration maxAge, long maxSizeBytes, Path dumpDirectory) {
        this.settings = settings;
        this.maxAge = maxAge;
        this.maxSizeBytes = maxSizeBytes;
        this.dumpDirectory = dumpDirectory;
    }

    @Override
    public void start() throws IOException {
        recording = FlightRecording.start(settings, maxAge, maxSizeBytes);
        LOG.info("JFR recording on ({}, keeping {} / {} bytes)",
                settings == null ? FlightRecording.BUNDLED_SETTINGS : settings, maxAge, maxSizeBytes);
    }

    @Override
    public void stop() {
        FlightRecording running = recording;
        if (running != null) {
            running.close();
        }
    }

    /** Where dumps are written. */
    public Path dumpDirectory() {
        return dumpDirectory;
    }

    /**
     * Dumps what the recording holds to {@code fileName} inside the dump directory.
     *
     * @return the written file
     * @throws IllegalStateException if the recording is not running
     */
    public Path dump(String fileName) throws IOException {
        FlightRecording running = recording;
        if (running == null) {
            throw new IllegalStateException("the flight recording is not running");
        }
        Path target = dumpDirectory.resolve(fileName).toAbsolutePath();
        running.dump(target);
        return target;
    }
}
