package io.shadowcat.upstream;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * An upstream's {@code healthCheck:} block, which turns on active checks: an MCP {@code ping} to the
 * endpoint, or a GET of {@code path} on the upstream's host, every {@code interval}.
 */
public class HealthCheckFactory {
    @Pattern(regexp = "/.*", message = "must start with /")
    private String path;

    @NotNull
    private Duration interval = Duration.seconds(10);

    @NotNull
    private Duration timeout = Duration.seconds(2);

    @Min(1)
    private int healthyThreshold = 2;

    @Min(1)
    private int unhealthyThreshold = 3;

    @JsonProperty
    public String getPath() {
        return path;
    }

    @JsonProperty
    public void setPath(String path) {
        this.path = path;
    }

    @JsonProperty
    public Duration getInterval() {
        return interval;
    }

    @JsonProperty
    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    @JsonProperty
    public Duration getTimeout() {
        return timeout;
    }

    @JsonProperty
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    @JsonProperty
    public int getHealthyThreshold() {
        return healthyThreshold;
    }

    @JsonProperty
    public void setHealthyThreshold(int healthyThreshold) {
        this.healthyThreshold = healthyThreshold;
    }

    @JsonProperty
    public int getUnhealthyThreshold() {
        return unhealthyThreshold;
    }

    @JsonProperty
    public void setUnhealthyThreshold(int unhealthyThreshold) {
        this.unhealthyThreshold = unhealthyThreshold;
    }

    public HealthProbe buildProbe() {
        return new HealthProbe(path, interval.toJavaDuration(), timeout.toJavaDuration());
    }
}
