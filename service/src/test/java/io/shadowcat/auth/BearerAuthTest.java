package io.shadowcat.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.jwk.JWKSet;
import io.shadowcat.proxy.AuthOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

/** The auth stage on its own: the bearer token read from the header, the cache of verified tokens in front of the verifier. */
class BearerAuthTest {
    private final VerifiedTokens verified = new VerifiedTokens(100, Duration.ofMinutes(5), Clock.systemUTC(), Ticker.systemTicker());
    private final BearerAuth auth = new BearerAuth(
            new TokenCheck(new JwtVerifier(VerificationKeys.fixed(new JWKSet(TestTokens.RSA)), JwtVerifier.DEFAULT_ALGORITHMS,
                    TestTokens.ISSUER, TestTokens.RESOURCE, Duration.ZERO, Clock.systemUTC()), VerificationKeys.fixed(new JWKSet(TestTokens.RSA)),
                    verified),
            new ScopeAuthorizer(), List.of("mcp"), 4096, "http://127.0.0.1:8080/.well-known/oauth-protected-resource/mcp",
            new AuthAudit(new MetricRegistry(), Clock.systemUTC()));

    private AuthOutcome authorization(String value) {
        return auth.authenticate(HttpFields.build().put("Authorization", value), null, "127.0.0.1");
    }

    private static String subject(AuthOutcome outcome) {
        assertThat(outcome).isInstanceOf(AuthOutcome.Admitted.class);
        return ((AuthOutcome.Admitted) outcome).principal().subject();
    }

    @Test
    void theTokenIsReadBetweenTheSchemesBlanksAndTheValuesEndAndCachedByItsHash() {
        String token = TestTokens.valid("alice");
        assertThat(subject(authorization("Bearer " + token))).isEqualTo("alice");
        assertThat(verified.get(TokenHash.of(token))).isNotNull();
        // The same token with other blanks around it is the same token, from the cache.
        assertThat(subject(authorization("bearer   " + token + "  "))).isEqualTo("alice");
    }

    @Test
    void aTokenOneCharacterAwayFromACachedOneIsVerifiedNotTakenFromTheCache() {
        String token = TestTokens.valid("alice");
        assertThat(subject(authorization("Bearer " + token))).isEqualTo("alice");
        String changed = token.substring(0, token.length() - 2) + (token.charAt(token.length() - 2) == 'A' ? 'B' : 'A')
                + token.charAt(token.length() - 1);
        assertThat(authorization("Bearer " + changed)).isInstanceOf(AuthOutcome.Refused.class);
        assertThat(authorization("Bearer " + token + "x")).isInstanceOf(AuthOutcome.Refused.class);
    }

    @Test
    void theLengthLimitIsOnTheTokenNotOnItsBlanks() {
        String padded = "Bearer " + " ".repeat(5000) + TestTokens.valid("alice") + " ".repeat(5000);
        assertThat(subject(authorization(padded))).isEqualTo("alice");
        AuthOutcome oversized = authorization("Bearer " + "a".repeat(4097));
        assertThat(oversized).isInstanceOf(AuthOutcome.Refused.class);
        assertThat(((AuthOutcome.Refused) oversized).rejection().message()).contains("longer than 4096 characters");
    }
}
