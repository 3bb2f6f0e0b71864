package io.shadowcat.breakdown;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.shadowcat.profiler.live.ExchangeFeed;
import io.shadowcat.profiler.live.LiveBreakdown;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.time.Clock;
import java.util.List;

/**
 * The {@code breakdown:} block: the live stage breakdown of every finished exchange, fed from the
 * request threads through an {@link ExchangeFeed} ({@code GET /breakdown}, {@code /breakdown.html} and the stage histograms on
 * {@code /prometheus}, all on the admin port).
 */
public class BreakdownFactory {
    private boolean enabled = true;
    @NotEmpty
    private List<Duration> windows =
            List.of(Duration.minutes(1), Duration.minutes(10));
    @Min(1)
    @Max(60)
    private int slices = 6;
    @Min(1)
    private int maxGroups = 50;
    @Min(1)
    private int queueSize = ExchangeFeed.DEFAULT_CAPACITY;

    @JsonProperty
    public boolean isEnabled() {
        return enabled;
    }

    @JsonProperty
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @JsonProperty
    public List<Duration> getWindows() {
        return windows;
    }

    @JsonProperty
    public void setWindows(List<Duration> windows) {
        this.windows = windows;
    }

    @JsonProperty
    public int getSlices() {
        return slices;
    }

    @JsonProperty
    public void setSlices(int slices) {
        this.slices = slices;
    }

    @JsonProperty
    public int getMaxGroups() {
        return maxGroups;
    }

    @JsonProperty
    public void setMaxGroups(int maxGroups) {
        this.maxGroups = maxGroups;
    }

    /** Finished exchanges waiting for the feed's thread; beyond, they are left out of the live view (counted). */
    @JsonProperty
    public int getQueueSize() {
        return queueSize;
    }

    @JsonProperty
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    /** The aggregation, empty until the exchange feed feeds it. */
    public LiveBreakdown build(Clock clock) {
        return new LiveBreakdown(windows.stream().map(Duration::toJavaDuration).toList(), slices, maxGroups, clock::millis);
    }
}
