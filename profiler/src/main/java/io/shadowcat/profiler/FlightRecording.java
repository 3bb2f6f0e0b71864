package io.shadowcat.profiler;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * The proxy's continuous flight recording: the JDK's {@code default} settings with Shadowcat's own
 * settings laid over them, kept on disk within an age and size bound, and dumpable on demand.
 *
 * <p>Thread-safe: {@link #dump(Path)} may be called from any thread while the recording runs.
 */
public final class FlightRecording implements AutoCloseable {
    /** The settings shipped with Shadowcat, applied on top of the JDK default settings. */
    public static final String BUNDLED_SETTINGS = "shadowcat.jfc";

    private final Recording recording;

    private FlightRecording(Recording recording) {
        this.recording = recording;
    }

    /**
     * Starts a recording.
     *
     * @param settingsFile a {@code .jfc} file laid over the JDK default settings, or {@code null} for
     *                     the bundled {@value #BUNDLED_SETTINGS}
     * @param maxAge       how long recorded data is kept on disk
     * @param maxSizeBytes how much recorded data is kept on disk
     * @throws IOException if the settings cannot be read or parsed
     */
    public static FlightRecording start(Path settingsFile, Duration maxAge, long maxSizeBytes) throws IOException {
        Objects.requireNonNull(maxAge, "maxAge");
        Map<String, String> settings = new HashMap<>(defaultSettings());
        settings.putAll(overlay(settingsFile).getSettings());
        Recording recording = new Recording(settings);
        recording.setName("shadowcat");
        recording.setToDisk(true);
        recording.setMaxAge(maxAge);
        recording.setMaxSize(maxSizeBytes);
        recording.start();
        return new FlightRecording(recording);
    }

    /** Writes everything the recording holds so far to {@code destination}, replacing it if present. */
    public void dump(Path destination) throws IOException {
        Path parent = destination.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        recording.dump(destination);
    }

    /** The settings in force, by JFR setting name ({@code event#setting}). */
    public Map<String, String> settings() {
        return recording.getSettings();
    }

    @Override
    public void close() {
        recording.close();
    }

    private static Map<String, String> defaultSettings() throws IOException {
        try {
            return Configuration.getConfiguration("default").getSettings();
        } catch (ParseException e) {
            throw new IOException("the JDK's default JFR settings cannot be parsed", e);
        }
    }

    private static Configuration overlay(Path settingsFile) throws IOException {
        try {
            if (settingsFile != null) {
                return Configuration.create(settingsFile);
            }
            try (InputStream in = FlightRecording.class.getResourceAsStream(BUNDLED_SETTINGS)) {
                if (in == null) {
                    throw new IOException("bundled JFR settings " + BUNDLED_SETTINGS + " are missing");
                }
                try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                    return Configuration.create(reader);
                }
            }
        } catch (ParseException e) {
            throw new IOException("JFR settings " + (settingsFile == null ? BUNDLED_SETTINGS : settingsFile)
                    + " are not a valid .jfc file: " + e.getMessage(), e);
        }
    }
}
