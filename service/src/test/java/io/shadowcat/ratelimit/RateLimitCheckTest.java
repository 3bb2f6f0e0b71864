package io.shadowcat.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import io.shadowcat.auth.McpPrincipal;
import io.shadowcat.metrics.LabelledCounters;
import io.shadowcat.proxy.Admission;
import io.shadowcat.proxy.Rejection;
import io.shadowcat.session.SessionToken;
import io.shadowcat.testing.FakeAdmissionRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpField;
import org.junit.jupiter.api.Test;

/** Each tier, all-or-nothing consumption, refill and the exact headers, on a clock the test moves. */
class RateLimitCheckTest {
    private final ManualTime time = new ManualTime();
    private final LabelledCounters rejected = new LabelledCounters("r", "h", "tier");

    /** A clock that moves only when told. */
    static final class ManualTime implements TimeMeter {
        long nanos = 1_000_000_000L;

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }

        void advance(Duration by) {
            nanos += by.toNanos();
        }
    }

    private static TierLimit.Limit limit(long limit, Duration per, long burst) {
        return new TierLimit.Limit(limit, per, burst);
    }

    private RateLimitCheck check(boolean toolPerSubject, TierLimit... tiers) {
        List<LongAdder> counters = java.util.Arrays.stream(tiers).map(t -> rejected.counter(t.tier().wireName())).toList();
        return new RateLimitCheck(List.of(tiers), counters, new LocalBucketStore(1000, Duration.ofHours(1), time), toolPerSubject);
    }

    private static FakeAdmissionRequest call(String tool, String subject) {
        FakeAdmissionRequest request = FakeAdmissionRequest.call("tools/call", tool);
        if (subject != null) {
            request.principal = new McpPrincipal(subject, "https://idp", Set.of("mcp"), Instant.now().plusSeconds(600));
        }
        return request;
    }

    private static Rejection refusal(Admission admission) {
        assertThat(admission).isInstanceOf(Admission.Refuse.class);
        return ((Admission.Refuse) admission).rejection();
    }

    private static String header(List<HttpField> headers, String name) {
        return headers.stream().filter(h -> h.is(name)).map(HttpField::getValue).findFirst().orElse(null);
    }

    @Test
    void globalTierAdmitsItsBurstThenRefusesWithExactHeadersAndRefillsWithTime() {
        RateLimitCheck check = check(false, new TierLimit(Tier.GLOBAL, List.of(limit(10, Duration.ofSeconds(1), 2))));
        FakeAdmissionRequest first = call("echo", null);
        assertThat(check.check(first)).isEqualTo(Admission.ADMIT);
        assertThat(header(first.responseHeaders, "RateLimit-Policy")).isEqualTo("\"global\";q=2;w=1");
        assertThat(header(first.responseHeaders, "RateLimit")).isEqualTo("\"global\";r=1;t=1");
        FakeAdmissionRequest second = call("echo", null);
        assertThat(check.check(second)).isEqualTo(Admission.ADMIT);
        assertThat(header(second.responseHeaders, "RateLimit")).isEqualTo("\"global\";r=0;t=1");

        Rejection refused = refusal(check.check(call("echo", null)));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.code()).isEqualTo(-32008);
        assertThat(refused.message()).isEqualTo("rate limit exceeded (global tier); retry after 1 s");
        assertThat(header(refused.headers(), "Retry-After")).isEqualTo("1");
        assertThat(header(refused.headers(), "RateLimit-Policy")).isEqualTo("\"global\";q=2;w=1");
        assertThat(header(refused.headers(), "RateLimit")).isEqualTo("\"global\";r=0;t=1");
        assertThat(rejected.counter("global").sum()).isEqualTo(1);

        time.advance(Duration.ofMillis(100));
        assertThat(check.check(call("echo", null))).as("one token refilled after 1/10 s").isEqualTo(Admission.ADMIT);
        assertThat(check.check(call("echo", null))).isInstanceOf(Admission.Refuse.class);
    }

    @Test
    void retryAfterIsTheWaitForTheNextTokenRoundedUpToSeconds() {
        RateLimitCheck check = check(false, new TierLimit(Tier.GLOBAL, List.of(limit(100, Duration.ofHours(1), 1))));
        assertThat(check.check(call("echo", null))).isEqualTo(Admission.ADMIT);
        Rejection refused = refusal(check.check(call("echo", null)));
        assertThat(header(refused.headers(), "Retry-After")).isEqualTo("36");
        time.advance(Duration.ofSeconds(35));
        assertThat(header(refusal(check.check(call("echo", null))).headers(), "Retry-After")).isEqualTo("1");
        time.advance(Duration.ofSeconds(1));
        assertThat(check.check(call("echo", null))).isEqualTo(Admission.ADMIT);
    }

    @Test
    void subjectTierKeepsOneBucketPerSubjectAndPerAddressWhenAnonymous() {
        RateLimitCheck check = check(false, new TierLimit(Tier.SUBJECT, List.of(limit(1, Duration.ofMinutes(1), 1))));
        assertThat(check.check(call("echo", "alice"))).isEqualTo(Admission.ADMIT);
        assertThat(refusal(check.check(call("echo", "alice"))).message()).contains("subject tier");
        assertThat(check.check(call("echo", "bob"))).isEqualTo(Admission.ADMIT);
        FakeAdmissionRequest anonymous = call("echo", null);
        anonymous.clientAddress = "10.0.0.1";
        assertThat(check.check(anonymous)).isEqualTo(Admission.ADMIT);
        assertThat(check.check(anonymous)).isInstanceOf(Admission.Refuse.class);
        FakeAdmissionRequest other = call("echo", null);
        other.clientAddress = "10.0.0.2";
        assertThat(check.check(other)).isEqualTo(Admission.ADMIT);
        assertThat(rejected.counter("subject").sum()).isEqualTo(2);
    }

    @Test
    void sessionTierAppliesOnlyToRequestsWithAKnownSession() {
        RateLimitCheck check = check(false, new TierLimit(Tier.SESSION, List.of(limit(1, Duration.ofMinutes(1), 1))));
        FakeAdmissionRequest inSession = call("echo", null);
        inSession.session = new SessionToken("demo", "", 0, Instant.now());
        inSession.headers.put("Mcp-Session-Id", "s-1");
        assertThat(check.check(inSession)).isEqualTo(Admission.ADMIT);
        assertThat(refusal(check.check(inSession)).message()).contains("session tier");
        FakeAdmissionRequest otherSession = call("echo", null);
        otherSession.session = inSession.session;
        otherSession.headers.put("Mcp-Session-Id", "s-2");
        assertThat(check.check(otherSession)).isEqualTo(Admission.ADMIT);
        FakeAdmissionRequest noSession = call("echo", null);
        assertThat(check.check(noSession)).isEqualTo(Admission.ADMIT);
        assertThat(check.check(noSession)).as("not limited without a session").isEqualTo(Admission.ADMIT);
        assertThat(noSession.responseHeaders).isEmpty();
    }

    @Test
    void toolTierIsPerMethodAndNameAndOptionallyPerSubject() {
        RateLimitCheck shared = check(false, new TierLimit(Tier.TOOL, List.of(limit(1, Duration.ofMinutes(1), 1))));
        assertThat(shared.check(call("search", "alice"))).isEqualTo(Admission.ADMIT);
        assertThat(refusal(shared.check(call("search", "bob"))).message()).contains("tool tier");
        assertThat(shared.check(call("echo", "bob"))).isEqualTo(Admission.ADMIT);
        assertThat(shared.check(FakeAdmissionRequest.call("tools/list", null))).as("no name: not limited").isEqualTo(Admission.ADMIT);
        assertThat(shared.check(FakeAdmissionRequest.call("tools/list", null))).isEqualTo(Admission.ADMIT);

        RateLimitCheck perSubject = check(true, new TierLimit(Tier.TOOL, List.of(limit(1, Duration.ofMinutes(1), 1))));
        assertThat(perSubject.check(call("search", "alice"))).isEqualTo(Admission.ADMIT);
        assertThat(perSubject.check(call("search", "bob"))).isEqualTo(Admission.ADMIT);
        assertThat(perSubject.check(call("search", "alice"))).isInstanceOf(Admission.Refuse.class);
    }

    @Test
    void upstreamTierIsPerUpstream() {
        RateLimitCheck check = check(false, new TierLimit(Tier.UPSTREAM, List.of(limit(1, Duration.ofMinutes(1), 1))));
        FakeAdmissionRequest a = call("echo", null);
        a.upstream = "alpha";
        FakeAdmissionRequest b = call("echo", null);
        b.upstream = "beta";
        assertThat(check.check(a)).isEqualTo(Admission.ADMIT);
        assertThat(check.check(b)).isEqualTo(Admission.ADMIT);
        assertThat(refusal(check.check(a)).message()).contains("upstream tier");
    }

    @Test
    void aRefusalByOneTierTakesNothingFromTheOthers() {
        RateLimitCheck check = check(false,
                new TierLimit(Tier.UPSTREAM, List.of(limit(100, Duration.ofMinutes(1), 100))),
                new TierLimit(Tier.GLOBAL, List.of(limit(3, Duration.ofMinutes(1), 3))),
                new TierLimit(Tier.TOOL, List.of(limit(1, Duration.ofMinutes(1), 1))));
        FakeAdmissionRequest first = call("search", null);
        assertThat(check.check(first)).isEqualTo(Admission.ADMIT);
        assertThat(header(first.responseHeaders, "RateLimit")).as("the tightest tier").isEqualTo("\"tool\";r=0;t=60");
        for (int i = 0; i < 5; i++) {
            // global is checked (and takes a token) before tool refuses: the token must go back
            assertThat(refusal(check.check(call("search", null))).message()).contains("tool tier");
        }
        assertThat(check.check(call("echo", null))).isEqualTo(Admission.ADMIT);
        FakeAdmissionRequest third = call("third", null);
        assertThat(check.check(third)).isEqualTo(Admission.ADMIT);
        assertThat(header(third.responseHeaders, "RateLimit-Policy")).isEqualTo("\"global\";q=3;w=60");
        assertThat(header(third.responseHeaders, "RateLimit")).isEqualTo("\"global\";r=0;t=60");
        assertThat(refusal(check.check(call("fourth", null))).message()).contains("global tier");
        assertThat(rejected.counter("tool").sum()).isEqualTo(5);
        assertThat(rejected.counter("global").sum()).isEqualTo(1);
        assertThat(rejected.counter("upstream").sum()).isZero();
    }

    @Test
    void severalBandwidthsOfATierAllApplyAndAreAllInThePolicyHeader() {
        RateLimitCheck check = check(false, new TierLimit(Tier.SUBJECT, List.of(
                limit(100, Duration.ofSeconds(1), 20), limit(25, Duration.ofHours(1), 25))));
        FakeAdmissionRequest first = call("echo", "alice");
        check.check(first);
        assertThat(header(first.responseHeaders, "RateLimit-Policy")).isEqualTo("\"subject\";q=20;w=1, \"subject-2\";q=25;w=3600");
        for (int i = 0; i < 19; i++) {
            assertThat(check.check(call("echo", "alice"))).isEqualTo(Admission.ADMIT);
        }
        assertThat(check.check(call("echo", "alice"))).as("burst of 20 spent").isInstanceOf(Admission.Refuse.class);
        time.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 5; i++) {
            assertThat(check.check(call("echo", "alice"))).isEqualTo(Admission.ADMIT);
        }
        Rejection hourly = refusal(check.check(call("echo", "alice")));
        assertThat(header(hourly.headers(), "Retry-After"))
                .as("the hourly bandwidth: one token per 144 s, one of which has passed").isEqualTo("143");
    }

    @Test
    void bucketsAreBoundedInNumberAndExpireWhenIdle() {
        LocalBucketStore store = new LocalBucketStore(100, Duration.ofMinutes(10), time);
        TierLimit tier = new TierLimit(Tier.SUBJECT, List.of(limit(1, Duration.ofMinutes(1), 1)));
        RateLimitCheck check = new RateLimitCheck(List.of(tier), List.of(new LongAdder()), store, false);
        for (int i = 0; i < 10_000; i++) {
            check.check(call("echo", "flood-" + i));
        }
        assertThat(store.size(Tier.SUBJECT)).isLessThanOrEqualTo(100);
        time.advance(Duration.ofMinutes(11));
        assertThat(store.size(Tier.SUBJECT)).isZero();
    }
}
