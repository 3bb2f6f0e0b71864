package io.shadowcat.ratelimit;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * One bandwidth of a tier in the configuration: {@code limit} requests per {@code per}, refilled
 * smoothly, with up to {@code burst} at once (default: {@code limit}).
 */
public class BandwidthFactory {
    @Min(1)
    private long limit;

    @NotNull
    private Duration per;

    @Min(1)
    private Long burst;

    @JsonProperty
    public long getLimit() {
        return limit;
    }

    @JsonProperty
    public void setLimit(long limit) {
        this.limit = limit;
    }

    @JsonProperty
    public Duration getPer() {
        return per;
    }

    @JsonProperty
    public void setPer(Duration per) {
        this.per = per;
    }

    @JsonProperty
    public Long getBurst() {
        return burst;
    }

    @JsonProperty
    public void setBurst(Long burst) {
        this.burst = burst;
    }

    TierLimit.Limit build() {
        if (per.toNanoseconds() <= 0) {
            throw new IllegalArgumentException("per must be positive");
        }
        return new TierLimit.Limit(limit, per.toJavaDuration(), burst == null ? limit : burst);
    }
}
