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
        Bucket[] taken = null;
        int tightest = -1;
        long tightestRemaining = Long.MAX_VALUE;
        for (int i = 0; i < tiers.length; i++) {
            TierLimit tier = tiers[i];
            Bucket bucket;
            if (tier.tier() == Tier.GLOBAL) {
                bucket = global;
            } else {
                String key = key(tier.tier(), request);
                if (key == null) {
                    continue;
                }
                bucket = store.bucket(tier.tier(), key, tier.configuration());
            }
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                giveBack(taken, i);
                rejected[i].increment();
                return refuse(tier, probe.getNanosToWaitForRefill());
            }
            if (taken == null) {
                taken = new Bucket[tiers.length];
            }
            taken[i] = bucket;
            if (probe.getRemainingTokens() < tightestRemaining) {
                tightestRemaining = probe.getRemainingTokens();
                tightest = i;
            }
        }
        if (tightest >= 0) {
            TierLimit tier = tiers[tightest];
            request.addResponseHeader(new HttpField(RATE_LIMIT_POLICY, tier.policyHeader()));
            request.addResponseHeader(new HttpField(RATE_LIMIT,
                    tier.rateLimitHeader(tightestRemaining, tier.resetSeconds(tightestRemaining))));
        }
        return Admission.ADMIT;
    }

    /** All or nothing: tokens taken from tiers before the refusing one go back. */
    private static void giveBack(Bucket[] taken, int upTo) {
        if (taken == null) {
            return;
        }
        for (int i = 0; i < upTo; i++) {
            if (taken[i] != null) {
                taken[i].addTokens(1);
            }
        }
    }

    private Admission refuse(TierLimit tier, long nanosToWait) {
        long retryAfter = Math.max(1, TierLimit.ceilSeconds(nanosToWait));
        Rejection rejection = new Rejection(429, JsonRpcError.RATE_LIMITED, "rate limit exceeded (" + tier.tier().wireName()
                + " tier); retry after " + retryAfter + " s", null, List.of(
                new HttpField(HttpHeader.RETRY_AFTER, Long.toString(retryAfter)),
                new HttpField(RATE_LIMIT_POLICY, tier.policyHeader()),
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
