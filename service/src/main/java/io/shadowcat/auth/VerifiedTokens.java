package io.shadowcat.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Tokens already verified, keyed by their SHA-256 (never by the token itself). An entry lives until
 * the earlier of its token's {@code exp} and a maximum age, so a cached principal never outlives its
 * token. Bounded and thread-safe.
 */
public final class VerifiedTokens {
    private final Cache<TokenHash, McpPrincipal> cache;
    private final Clock clock;

    /**
     * @param ticker the cache's time source, nanoseconds; the same time line as {@code clock}
     */
    public VerifiedTokens(long maxEntries, Duration maxAge, Clock clock, Ticker ticker) {
        this.clock = Objects.requireNonNull(clock, "clock");
        long maxAgeNanos = maxAge.toNanos();
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .ticker(ticker)
                // Upkeep on the request thread that triggers it (a few entries at a time): by default Caffeine
                // hands it to the common pool, a thread wake-up every few dozen requests.
                .executor(Runnable::run)
                .expireAfter(new Expiry<TokenHash, McpPrincipal>() {
                    @Override
                    public long expireAfterCreate(TokenHash key, McpPrincipal principal, long currentTime) {
                        long untilExp = Duration.between(clock.instant(), principal.expiresAt()).toNanos();
                        return Math.max(0, Math.min(untilExp, maxAgeNanos));
                    }

                    @Override
                    public long expireAfterUpdate(TokenHash key, McpPrincipal principal, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, principal, currentTime);
                    }

                    @Override
                    public long expireAfterRead(TokenHash key, McpPrincipal principal, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    /** The principal of an already verified token that has not expired, or {@code null}. */
    public McpPrincipal get(TokenHash hash) {
        McpPrincipal principal = cache.getIfPresent(hash);
        // Belt and braces: the entry's expiry already follows exp, but never trust a timer with a token.
        return principal == null || !principal.expiresAt().isAfter(clock.instant()) ? null : principal;
    }

    public void put(TokenHash hash, McpPrincipal principal) {
        cache.put(hash, principal);
    }
}
