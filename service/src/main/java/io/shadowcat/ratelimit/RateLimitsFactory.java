package io.shadowcat.ratelimit;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.github.bucket4j.TimeMeter;
import io.shadowcat.metrics.LabelledCounters;
import io.shadowcat.proxy.ExchangeCheck;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code rateLimits:} block of the configuration: the bandwidths of each tier (a tier without any is
 * off) and the bounds of the bucket maps. With no tier configured the stage admits everything.
 */
public class RateLimitsFactory {
    @Valid
    private List<BandwidthFactory> global = List.of();
    @Valid
    private List<BandwidthFactory> subject = List.of();
    @Valid
    private List<BandwidthFactory> session = List.of();
    @Valid
    private List<BandwidthFactory> tool = List.of();
    @Valid
    private List<BandwidthFactory> upstream = List.of();

    private boolean toolPerSubject;

    @Min(1)
    private long maxKeysPerTier = 100_000;

    @NotNull
    private Duration idleExpiry = Duration.hours(1);

    @JsonProperty
    public List<BandwidthFactory> getGlobal() {
        return global;
    }

    @JsonProperty
    public void setGlobal(List<BandwidthFactory> global) {
        this.global = global;
    }

    @JsonProperty
    public List<BandwidthFactory> getSubject() {
        return subject;
    }

    @JsonProperty
    public void setSubject(List<BandwidthFactory> subject) {
        this.subject = subject;
    }

    @JsonProperty
    public List<BandwidthFactory> getSession() {
        return session;
    }

    @JsonProperty
    public void setSession(List<BandwidthFactory> session) {
        this.session = session;
    }

    @JsonProperty
    public List<BandwidthFactory> getTool() {
        return tool;
    }

    @JsonProperty
    public void setTool(List<BandwidthFactory> tool) {
        this.tool = tool;
    }

    @JsonProperty
    public List<BandwidthFactory> getUpstream() {
        return upstream;
    }

    @JsonProperty
    public void setUpstream(List<BandwidthFactory> upstream) {
        this.upstream = upstream;
    }

    @JsonProperty
    public boolean isToolPerSubject() {
        return toolPerSubject;
    }

    @JsonProperty
    public void setToolPerSubject(boolean toolPerSubject) {
        this.toolPerSubject = toolPerSubject;
    }

    @JsonProperty
    public long getMaxKeysPerTier() {
        return maxKeysPerTier;
    }

    @JsonProperty
    public void setMaxKeysPerTier(long maxKeysPerTier) {
        this.maxKeysPerTier = maxKeysPerTier;
    }

    @JsonProperty
    public Duration getIdleExpiry() {
        return idleExpiry;
    }

    @JsonProperty
    public void setIdleExpiry(Duration idleExpiry) {
        this.idleExpiry = idleExpiry;
    }

    /** The configured tiers, in check order. */
    public List<TierLimit> tiers() {
        List<TierLimit> tiers = new ArrayList<>();
        add(tiers, Tier.GLOBAL, global);
        add(tiers, Tier.SUBJECT, subject);
        add(tiers, Tier.SESSION, session);
        add(tiers, Tier.TOOL, tool);
        add(tiers, Tier.UPSTREAM, upstream);
        return tiers;
    }

    private static void add(List<TierLimit> tiers, Tier tier, List<BandwidthFactory> bandwidths) {
        if (bandwidths != null && !bandwidths.isEmpty()) {
            tiers.add(new TierLimit(tier, bandwidths.stream().map(BandwidthFactory::build).toList()));
        }
    }

    /**
     * The rate-limit stage on local buckets, or {@link ExchangeCheck#PASS} when no tier is configured.
     *
     * @param rejections the {@code shadowcat_ratelimit_rejected} family (label {@code tier})
     * @param time       the clock of the buckets and of their expiry
     */
    public ExchangeCheck build(LabelledCounters rejections, TimeMeter time) {
        List<TierLimit> tiers = tiers();
        if (tiers.isEmpty()) {
            return ExchangeCheck.PASS;
        }
        List<LongAdder> counters = tiers.stream().map(t -> rejections.counter(t.tier().wireName())).toList();
        return new RateLimitCheck(tiers, counters, new LocalBucketStore(maxKeysPerTier, idleExpiry.toJavaDuration(), time),
                toolPerSubject);
    }
}
