package io.shadowcat.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucketBuilder;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Buckets in this JVM: per tier a Caffeine cache bounded in size and expiring buckets unused for
 * {@code idleExpiry}, so a flood of new subjects or sessions cannot exhaust memory. An evicted bucket
 * comes back full, so {@code idleExpiry} should be at least the longest refill window. Time (for the
 * buckets and the expiry) comes from one injected {@link TimeMeter}. Thread-safe.
 */
public final class LocalBucketStore implements BucketStore {
    private final TimeMeter time;
    private final Map<Tier, Cache<String, Bucket>> tiers = new EnumMap<>(Tier.class);

    public LocalBucketStore(long maxKeysPerTier, Duration idleExpiry, TimeMeter time) {
        this.time = Objects.requireNonNull(time, "time");
        Ticker ticker = time::currentTimeNanos;
        for (Tier tier : Tier.values()) {
            tiers.put(tier, Caffeine.newBuilder().maximumSize(maxKeysPerTier).expireAfterAccess(idleExpiry)
                    .ticker(ticker).executor(Runnable::run).build());
        }
    }

    @Override
    public Bucket bucket(Tier tier, String key, BucketConfiguration configuration) {
        return tiers.get(tier).get(key, k -> newBucket(configuration));
    }

    private Bucket newBucket(BucketConfiguration configuration) {
        LocalBucketBuilder builder = Bucket.builder().withCustomTimePrecision(time);
        for (Bandwidth bandwidth : configuration.getBandwidths()) {
            builder.addLimit(bandwidth);
        }
        return builder.build();
    }

    /** Buckets currently held in {@code tier} (after pending evictions). */
    long size(Tier tier) {
        Cache<String, Bucket> cache = tiers.get(tier);
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
