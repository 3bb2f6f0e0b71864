package io.shadowcat.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheck;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import io.shadowcat.proxy.AuthOutcome;
import io.shadowcat.proxy.Rejection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keys from a JWKS URI served by a real local HTTP server: the contract, plus refetching for unknown key
 * ids (once, rate limited), key rotation, and serving through an outage. Time is a hand-moved clock.
 */
class RemoteJwksTest extends VerificationKeysContract {
    private static final Duration MIN_REFETCH = Duration.ofSeconds(30);
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final JwksServer idp = startIdp();
    private final RemoteJwks keys = new RemoteJwks(idp.uri(), Duration.ofSeconds(2), Duration.ofMinutes(5), MIN_REFETCH,
            Clock.systemUTC(), nanos::get);

    private static JwksServer startIdp() {
        try {
            return new JwksServer();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        keys.stop();
        idp.close();
    }

    @Override
    VerificationKeys serving(JWK... served) throws Exception {
        idp.serve(served);
        assertThat(keys.fetch().get(5, TimeUnit.SECONDS)).isTrue();
        return keys;
    }

    private BearerAuth gateway() {
        JwtVerifier verifier = new JwtVerifier(keys, JwtVerifier.DEFAULT_ALGORITHMS, TestTokens.ISSUER, TestTokens.RESOURCE,
                Duration.ZERO, Clock.systemUTC());
        TokenCheck check = new TokenCheck(verifier, keys, new VerifiedTokens(100, Duration.ofMinutes(5), Clock.systemUTC(),
                com.github.benmanes.caffeine.cache.Ticker.systemTicker()));
        return new BearerAuth(check, new ScopeAuthorizer(), List.of("mcp"), 16384, "http://127.0.0.1:8080/.well-known/oauth-protected-resource/mcp",
                new AuthAudit(new MetricRegistry(), Clock.systemUTC()));
    }

    /** Runs the auth stage as the proxy does, waiting for a deferred outcome. */
    private static AuthOutcome authenticate(BearerAuth auth, String token) throws Exception {
        AuthOutcome outcome = auth.authenticate(HttpFields.build().put("Authorization", "Bearer " + token), null, "127.0.0.1");
        while (outcome instanceof AuthOutcome.Deferred deferred) {
            outcome = deferred.next().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        return outcome;
    }

    private static String signedBy(RSAKey key) {
        return TestTokens.sign(key, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()), TestTokens.claims("alice").build());
    }

    /** The attacker's key under another key id: generating a fresh RSA key per token would only slow the test. */
    private static RSAKey withKeyId(String kid) {
        return new RSAKey.Builder(TestTokens.ATTACKER).keyID(kid).build();
    }

    @Test
    void anUnknownKeyIdIsRefetchedOnceThenRefused() throws Exception {
        serving(TestTokens.RSA);
        nanos.addAndGet(MIN_REFETCH.toNanos());
        AuthOutcome outcome = authenticate(gateway(), signedBy(withKeyId("unknown")));
        assertThat(idp.requests()).isEqualTo(2);
        assertThat(outcome).isInstanceOfSatisfying(AuthOutcome.Refused.class, refused -> {
            Rejection rejection = refused.rejection();
            assertThat(rejection.status()).isEqualTo(401);
            assertThat(rejection.headers().get(0).getValue()).isEqualTo("Bearer error=\"invalid_token\", "
                    + "error_description=\"the token's signing key is not known\", "
                    + "resource_metadata=\"http://127.0.0.1:8080/.well-known/oauth-protected-resource/mcp\", scope=\"mcp\"");
        });
    }

    @Test
    void aFloodOfUnknownKeyIdsDoesNotFloodTheIdp() throws Exception {
        serving(TestTokens.RSA);
        nanos.addAndGet(MIN_REFETCH.toNanos());
        BearerAuth auth = gateway();
        for (int i = 0; i < 50; i++) {
            assertThat(authenticate(auth, signedBy(withKeyId("made-up-" + i)))).isInstanceOf(AuthOutcome.Refused.class);
        }
        assertThat(idp.requests()).isEqualTo(2);
        nanos.addAndGet(MIN_REFETCH.toNanos());
        authenticate(auth, signedBy(withKeyId("made-up-again")));
        assertThat(idp.requests()).isEqualTo(3);
    }

    @Test
    void aKeyRotatedAtTheIdpIsAcceptedAfterTheRefetch() throws Exception {
        serving(TestTokens.RSA);
        RSAKey rotated = TestTokens.rsa("rsa-2");
        idp.serve(rotated);
        nanos.addAndGet(MIN_REFETCH.toNanos());
        assertThat(authenticate(gateway(), signedBy(rotated))).isInstanceOfSatisfying(AuthOutcome.Admitted.class,
                admitted -> assertThat(admitted.subject()).isEqualTo("alice"));
    }

    @Test
    void keepsServingCachedKeysWhileTheIdpIsDownAndSaysSo() throws Exception {
        serving(TestTokens.RSA);
        idp.fail(503);
        assertThat(keys.fetch().get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(authenticate(gateway(), signedBy(TestTokens.RSA))).isInstanceOf(AuthOutcome.Admitted.class);
        HealthCheck.Result health = new JwksHealthCheck(keys).execute();
        assertThat(health.isHealthy()).isTrue();
        assertThat(health.getMessage()).contains("serving cached keys", "HTTP 503");
        assertThat(health.getDetails()).containsEntry("stale", true);
    }

    @Test
    void withoutAnyKeysTokensCannotBeCheckedAndTheHealthCheckFails() throws Exception {
        idp.fail(500);
        AuthOutcome outcome = authenticate(gateway(), signedBy(TestTokens.RSA));
        assertThat(outcome).isInstanceOfSatisfying(AuthOutcome.Refused.class,
                refused -> assertThat(refused.rejection().status()).isEqualTo(503));
        assertThat(new JwksHealthCheck(keys).execute().isHealthy()).isFalse();
    }

    @Test
    void refreshesAheadOfTheExpiryTheIdpAnnounces() {
        Duration interval = Duration.ofMinutes(5);
        assertThat(RemoteJwks.refreshAfter("public, max-age=120", interval)).isEqualTo(Duration.ofSeconds(90));
        assertThat(RemoteJwks.refreshAfter("max-age=\"40\", must-revalidate", interval)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RemoteJwks.refreshAfter("max-age=86400", interval)).as("never later than configured").isEqualTo(interval);
        assertThat(RemoteJwks.refreshAfter("max-age=0", interval)).as("never a busy loop").isEqualTo(Duration.ofSeconds(1));
        assertThat(RemoteJwks.refreshAfter("s-maxage=10, no-cache", interval)).isEqualTo(interval);
        assertThat(RemoteJwks.refreshAfter(null, interval)).isEqualTo(interval);
    }

    @Test
    void theNextRefreshFollowsTheLastFetch() throws Exception {
        idp.cacheControl("max-age=120");
        serving(TestTokens.RSA);
        assertThat(keys.nextRefresh()).isEqualTo(Duration.ofSeconds(90));
        idp.fail(503);
        assertThat(keys.fetch().get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(keys.nextRefresh()).as("a failed fetch is retried after the refetch interval").isEqualTo(MIN_REFETCH);
    }

    @Test
    void theBackgroundRefreshHonoursAShortMaxAge() throws Exception {
        idp.cacheControl("max-age=1");
        idp.serve(TestTokens.RSA);
        keys.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (idp.requests() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(idp.requests()).as("refreshed every second, not every five minutes").isGreaterThanOrEqualTo(3);
        assertThat(keys.current().getKeyByKeyId(TestTokens.RSA.getKeyID())).isNotNull();
    }
}
