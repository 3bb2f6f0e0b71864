package io.shadowcat.upstream;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.function.LongSupplier;

/**
 * The {@code balancing:} block: how new sessions and session-less requests are spread over the
 * upstreams ({@code p2c-ewma} by default, {@code round-robin}, {@code weighted}, {@code least-inflight}),
 * how fast the latency average forgets, and the retry budget.
 */
public class BalancingFactory {
    /** The selection strategies. */
    public enum Strategy { P2C_EWMA, ROUND_ROBIN, WEIGHTED, LEAST_INFLIGHT }

    @NotNull
    private Strategy strategy = Strategy.P2C_EWMA;

    @NotNull
    private Duration ewmaDecay = Duration.seconds(10);

    @DecimalMin("0.0")
    @DecimalMax("1.0")
    private double retryRatio = 0.2;

    @Min(0)
    private int minRetriesPerSecond = 5;

    @JsonProperty
    public Strategy getStrategy() {
        return strategy;
    }

    @JsonProperty
    public void setStrategy(Strategy strategy) {
        this.strategy = strategy;
    }

    @JsonProperty
    public Duration getEwmaDecay() {
        return ewmaDecay;
    }

    @JsonProperty
    public void setEwmaDecay(Duration ewmaDecay) {
        this.ewmaDecay = ewmaDecay;
    }

    @JsonProperty
    public double getRetryRatio() {
        return retryRatio;
    }

    @JsonProperty
    public void setRetryRatio(double retryRatio) {
        this.retryRatio = retryRatio;
    }

    @JsonProperty
    public int getMinRetriesPerSecond() {
        return minRetriesPerSecond;
    }

    @JsonProperty
    public void setMinRetriesPerSecond(int minRetriesPerSecond) {
        this.minRetriesPerSecond = minRetriesPerSecond;
    }

    public Selector buildSelector() {
        return switch (strategy) {
            case P2C_EWMA -> new P2cEwmaSelector();
            case ROUND_ROBIN -> new RoundRobinSelector();
            case WEIGHTED -> new WeightedSelector();
            case LEAST_INFLIGHT -> new LeastInFlightSelector();
        };
    }

    public RetryBudget buildRetryBudget(LongSupplier nanoClock) {
        return new RetryBudget(retryRatio, minRetriesPerSecond, nanoClock);
    }
}
