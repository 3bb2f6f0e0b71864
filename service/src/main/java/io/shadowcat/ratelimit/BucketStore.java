package io.shadowcat.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;

/**
 * Where the token buckets of the rate-limit tiers live. The local store keeps them in memory; a
 * distributed one (Bucket4j's {@code ProxyManager} over Redis, whose bucket proxies are {@link Bucket}s)
 * can replace it without touching the proxy. Implementations must be thread-safe and must not block for
 * long on the request path.
 */
public interface BucketStore {
    /**
     * The bucket of {@code key} in {@code tier}, created with {@code configuration} on first use.
     *
     * @param key the tier's key for the request (subject, session id, tool, upstream; {@code ""} for global)
     */
    Bucket bucket(Tier tier, String key, BucketConfiguration configuration);
}
