package io.shadowcat.upstream;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * An upstream's {@code outlierDetection:} block: passive health from real traffic. The upstream stops
 * getting new sessions for {@code ejectFor} after {@code consecutiveFailures} failed requests in a row,
 * or when {@code errorRatio} of the requests in the last {@code window} failed (once at least
 * {@code minRequests} were seen).
 */
public class OutlierDetectionFactory {
    @Min(1)
    private int consecutiveFailures = 5;

    @DecimalMin("0.0")
    @DecimalMax("1.0")
    private double errorRatio = 0.5;

    @Min(1)
    private int minRequests = 20;

    @NotNull
    private Duration window = Duration.seconds(10);

    @NotNull
    private Duration ejectFor = Duration.seconds(30);

    @JsonProperty
    public int getConsecutiveFailures() {
        return consecutiveFailures;
    }

    @JsonProperty
    public void setConsecutiveFailures(int consecutiveFailures) {
        this.consecutiveFailures = consecutiveFailures;
    }

    @JsonProperty
    public double getErrorRatio() {
        return errorRatio;
    }

    @JsonProperty
    public void setErrorRatio(double errorRatio) {
        this.errorRatio = errorRatio;
    }

    @JsonProperty
    public int getMinRequests() {
        return minRequests;
    }

    @JsonProperty
    public void setMinRequests(int minRequests) {
        this.minRequests = minRequests;
    }

    @JsonProperty
    public Duration getWindow() {
        return window;
    }

    @JsonProperty
    public void setWindow(Duration window) {
        this.window = window;
    }

    @JsonProperty
    public Duration getEjectFor() {
        return ejectFor;
    }

    @JsonProperty
    public void setEjectFor(Duration ejectFor) {
        this.ejectFor = ejectFor;
    }

    /** Health settings from these and the active check's thresholds ({@code null}: none configured). */
    public UpstreamHealth.Settings build(HealthCheckFactory active) {
        int healthy = active == null ? 2 : active.getHealthyThreshold();
        int unhealthy = active == null ? 3 : active.getUnhealthyThreshold();
        return new UpstreamHealth.Settings(healthy, unhealthy, consecutiveFailures, errorRatio, minRequests,
                window.toJavaDuration(), ejectFor.toJavaDuration());
    }
}
