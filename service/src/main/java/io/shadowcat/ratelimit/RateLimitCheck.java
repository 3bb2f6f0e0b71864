package io.shadowcat.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.shadowcat.jsonrpc.JsonRpcEnvelope;
import io.shadowcat.jsonrpc.JsonRpcError;
import io.shadowcat.proxy.Admission;
import io.shadowcat.proxy.AdmissionRequest;
import io.shadowcat.proxy.ExchangeCheck;
import io.shadowcat.proxy.Rejection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The rate-limit stage: checks the configured tiers in {@link Tier} order and takes one token from each
 * tier that applies; if any tier refuses, the tokens already taken are given back and the request gets
 * 429 with {@code Retry-After}, {@code RateLimit-Policy} and {@code RateLimit} naming the refusing tier,
 * and a JSON-RPC error with its id. An admitted response carries the same headers for the tier with the
 * fewest tokens left. Thread-safe.
 */
public final class RateLimitCheck implements ExchangeCheck {
    static final String RATE_LIMIT_POLICY = "RateLimit-Policy";
    static final String RATE_LIMIT = "RateLimit";

    private final TierLimit[] tiers;
    private final LongAdder[] rejected;
    private final BucketStore store;
    private final boolean toolPerSubject;
    private final Bucket global;

    /**
     * @param tiers          the configured tiers (any order; each at most once)
     * @param rejected       one counter per tier in {@code tiers}' order, for refusals
     * @param toolPerSubject whether the tool tier keeps one bucket per subject and tool instead of per tool
     */
    public RateLimitCheck(List<TierLimit> tiers, List<LongAdder> rejected, BucketStore store, boolean toolPerSubject) {
        if (tiers.size() != rejected.size()) {
            throw new IllegalArgumentException("one rejection counter per tier");
        }
        this.store = Objects.requireNonNull(store, "store");
        this.tiers = new TierLimit[tiers.size()];
        this.rejected = new LongAdder[tiers.size()];
        int next = 0;
        for (Tier tier : Tier.values()) {
            for (int i = 0; i < tiers.size(); i++) {
                if (tiers.get(i).tier() == tier) {
                    this.tiers[next] = tiers.get(i);
                    this.rejected[next++] = rejected.get(i);
                }
            }
        }
        this.toolPerSubject = toolPerSubject;
        TierLimit globalTier = next > 0 && this.tiers[0].tier() == Tier.GLOBAL ? this.tiers[0] : null;
        this.global = globalTier == null ? null : store.bucket(Tier.GLOBAL, "", globalTier.configuration());
    }

    @Override
    public Admission check(AdmissionRequest request) {
        int tightest = -1;
        long tightestRemaining = Long.MAX_VALUE;
        for (int i = 0; i < tiers.length; i++) {
            Bucket bucket = bucket(i, request);
            if (bucket == null) {
                continue;
            }
            // One synchronized step per bucket: consume, and learn what is left (or how long to wait).
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                giveBack(request, i);
                rejected[i].increment();
                return refuse(tiers[i], probe.getNanosToWaitForRefill());
            }
            long remaining = probe.getRemainingTokens();
            if (remaining < tightestRemaining) {
                tightestRemaining = remaining;
                tightest = i;
            }
        }
        if (tightest >= 0) {
            TierLimit tier = tiers[tightest];
            request.addResponseHeader(tier.policyField());
            request.addResponseHeader(new HttpField(RATE_LIMIT,
                    tier.rateLimitHeader(tightestRemaining, tier.resetSeconds(tightestRemaining))));
        }
        return Admission.ADMIT;
    }

    /** The bucket of tier {@code i} for {@code request}, or {@code null} when the tier does not apply to it. */
    private Bucket bucket(int i, AdmissionRequest request) {
        TierLimit tier = tiers[i];
        if (tier.tier() == Tier.GLOBAL) {
            return global;
        }
        String key = key(tier.tier(), request);
        return key == null ? null : store.bucket(tier.tier(), key, tier.configuration());
    }

    /**
     * All or nothing: the tokens taken from the tiers before the refusing one go back. Refusals are rare,
     * so the buckets are looked up again rather than remembered for every request.
     */
    private void giveBack(AdmissionRequest request, int upTo) {
        for (int i = 0; i < upTo; i++) {
            Bucket bucket = bucket(i, request);
            if (bucket != null) {
                bucket.addTokens(1);
            }
        }
    }

    private Admission refuse(TierLimit tier, long nanosToWait) {
        long retryAfter = Math.max(1, TierLimit.ceilSeconds(nanosToWait));
        Rejection rejection = new Rejection(429, JsonRpcError.RATE_LIMITED, "rate limit exceeded (" + tier.tier().wireName()
                + " tier); retry after " + retryAfter + " s", null, List.of(
                new HttpField(HttpHeader.RETRY_AFTER, Long.toString(retryAfter)),
                tier.policyField(),
                new HttpField(RATE_LIMIT, tier.rateLimitHeader(0, retryAfter))));
        return new Admission.Refuse(rejection);
    }

    /** The request's key in {@code tier}, or {@code null} when the tier does not apply to it. */
    private String key(Tier tier, AdmissionRequest request) {
        switch (tier) {
            case SUBJECT:
                return subjectKey(request);
            case SESSION:
                return request.session() == null ? null : request.headers().get(io.shadowcat.protocol.McpHeaders.SESSION_ID);
            case TOOL:
                JsonRpcEnvelope envelope = request.envelope();
                if (envelope == null || envelope.method() == null || envelope.name() == null) {
                    return null;
                }
                String tool = envelope.method() + ' ' + envelope.name();
                return toolPerSubject ? tool + ' ' + subjectKey(request) : tool;
            case UPSTREAM:
                return request.upstream();
            default:
                return "";
        }
    }

    private static String subjectKey(AdmissionRequest request) {
        // NUL cannot occur in a subject, so an address key never collides with one.
        return request.principal() != null ? request.principal().subject() : "\0" + request.clientAddress();
    }
}
