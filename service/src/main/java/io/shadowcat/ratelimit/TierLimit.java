package io.shadowcat.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One configured tier: its bandwidths as a Bucket4j configuration, and its quota policy as the
 * {@code RateLimit-Policy} header names it (draft-ietf-httpapi-ratelimit-headers): one item per
 * bandwidth, {@code "<tier>"} for the first and {@code "<tier>-<n>"} for the n-th. Immutable and thread-safe.
 */
public final class TierLimit {
    private final Tier tier;
    private final BucketConfiguration configuration;
    private final String policyHeader;
    private final String itemName;
    /** The first bandwidth's capacity, refill amount and refill period: what {@code RateLimit}'s reset is computed from. */
    private final long capacity;
    private final long refillTokens;
    private final long refillNanos;

    /** A bandwidth: {@code limit} tokens per {@code per}, up to {@code burst} at once. */
    public record Limit(long limit, Duration per, long burst) {
        public Limit {
            if (limit < 1 || burst < 1) {
                throw new IllegalArgumentException("limit and burst must be positive");
            }
            if (per.isNegative() || per.isZero()) {
                throw new IllegalArgumentException("per must be positive");
            }
        }
    }

    public TierLimit(Tier tier, List<Limit> limits) {
        this.tier = Objects.requireNonNull(tier, "tier");
        if (limits.isEmpty()) {
            throw new IllegalArgumentException("tier " + tier.wireName() + " needs at least one bandwidth");
        }
        List<Bandwidth> bandwidths = new ArrayList<>(limits.size());
        StringBuilder policy = new StringBuilder();
        for (int i = 0; i < limits.size(); i++) {
            Limit limit = limits.get(i);
            bandwidths.add(Bandwidth.builder().capacity(limit.burst()).refillGreedy(limit.limit(), limit.per()).build());
            if (i > 0) {
                policy.append(", ");
            }
            policy.append('"').append(tier.wireName()).append(i == 0 ? "" : "-" + (i + 1)).append('"')
                    .append(";q=").append(limit.burst()).append(";w=").append(Math.max(1, ceilSeconds(limit.per().toNanos())));
        }
        this.configuration = new BucketConfiguration(bandwidths);
        this.policyHeader = policy.toString();
        this.itemName = '"' + tier.wireName() + '"';
        this.capacity = limits.get(0).burst();
        this.refillTokens = limits.get(0).limit();
        this.refillNanos = limits.get(0).per().toNanos();
    }

    public Tier tier() {
        return tier;
    }

    BucketConfiguration configuration() {
        return configuration;
    }

    /** The {@code RateLimit-Policy} header value of this tier. */
    String policyHeader() {
        return policyHeader;
    }

    /** The {@code RateLimit} header value: {@code remaining} tokens, reset in {@code resetSeconds}. */
    String rateLimitHeader(long remaining, long resetSeconds) {
        return itemName + ";r=" + remaining + ";t=" + resetSeconds;
    }

    /** Seconds until the first bandwidth is full again, with {@code remaining} tokens left. */
    long resetSeconds(long remaining) {
        long missing = Math.max(0, capacity - remaining);
        return ceilSeconds((long) Math.ceil((double) missing * refillNanos / refillTokens));
    }

    static long ceilSeconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
