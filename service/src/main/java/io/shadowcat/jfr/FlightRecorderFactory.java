package io.shadowcat.jfr;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;

/**
 * The {@code jfr:} block: the continuous flight recording the proxy keeps, and where dumps go.
 *
 * <p>{@code settings} names a {@code .jfc} file laid over the JDK's default settings; absent, the
 * bundled {@code shadowcat.jfc} is used (every exchange recorded, stage spans off).
 */
public class FlightRecorderFactory {
    private boolean enabled = true;
    private Path settings;
    @NotNull
    private Duration maxAge = Duration.minutes(30);
    @NotNull
    private DataSize maxSize = DataSize.mebibytes(256);
    @NotNull
    private Path dumpDirectory = Path.of("recordings");

    @JsonProperty
    public boolean isEnabled() {
        return enabled;
    }

    @JsonProperty
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @JsonProperty
    public Path getSettings() {
        return settings;
    }

    @JsonProperty
    public void setSettings(Path settings) {
        this.settings = settings;
    }

    @JsonProperty
    public Duration getMaxAge() {
        return maxAge;
    }

    @JsonProperty
    public void setMaxAge(Duration maxAge) {
        this.maxAge = maxAge;
    }

    @JsonProperty
    public DataSize getMaxSize() {
        return maxSize;
    }

    @JsonProperty
    public void setMaxSize(DataSize maxSize) {
        this.maxSize = maxSize;
    }

    @JsonProperty
    public Path getDumpDirectory() {
        return dumpDirectory;
    }

    @JsonProperty
    public void setDumpDirectory(Path dumpDirectory) {
        this.dumpDirectory = dumpDirectory;
    }

    /** The managed recording; it starts with the server. */
    public ManagedRecording build() {
        return new ManagedRecording(settings, maxAge.toJavaDuration(), maxSize.toBytes(), dumpDirectory);
    }
}
