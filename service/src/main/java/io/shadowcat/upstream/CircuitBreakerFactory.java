package io.shadowcat.upstream;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * An upstream's {@code circuitBreaker:} block: open after {@code failureThreshold} failures in a row,
 * stay open {@code openFor} (the {@code Retry-After} of the 503s meanwhile), then let
 * {@code trialRequests} trial requests through; that many successes close it again.
 */
public class CircuitBreakerFactory {
    @Min(1)
    private int failureThreshold = 5;

    @NotNull
    private Duration openFor = Duration.seconds(10);

    @Min(1)
    private int trialRequests = 1;

    @JsonProperty
    public int getFailureThreshold() {
        return failureThreshold;
    }

    @JsonProperty
    public void setFailureThreshold(int failureThreshold) {
        this.failureThreshold = failureThreshold;
    }

    @JsonProperty
    public Duration getOpenFor() {
        return openFor;
    }

    @JsonProperty
    public void setOpenFor(Duration openFor) {
        this.openFor = openFor;
    }

    @JsonProperty
    public int getTrialRequests() {
        return trialRequests;
    }

    @JsonProperty
    public void setTrialRequests(int trialRequests) {
        this.trialRequests = trialRequests;
    }

    public CircuitBreaker.Settings build() {
        return new CircuitBreaker.Settings(failureThreshold, openFor.toJavaDuration(), trialRequests);
    }
}
