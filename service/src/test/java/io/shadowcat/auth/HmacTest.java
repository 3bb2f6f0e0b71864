package io.shadowcat.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** HMAC tokens verify only against an HMAC secret configured for them, never against the public key set. */
class HmacTest {
    private static final byte[] SECRET = "a-shared-secret-of-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8);
    private final VerificationKeys keys = VerificationKeys.fixed(new JWKSet(TestTokens.RSA));

    private JwtVerifier verifier(Set<JWSAlgorithm> algorithms, byte[] secret) {
        return new JwtVerifier(keys, algorithms, secret, TestTokens.ISSUER, TestTokens.RESOURCE, Duration.ZERO, Clock.systemUTC());
    }

    @Test
    void aConfiguredSecretVerifiesHs256AndTheKeySetStillServesRs256() throws Exception {
        JwtVerifier verifier = verifier(Set.of(JWSAlgorithm.HS256, JWSAlgorithm.RS256), SECRET);
        assertThat(verifier.verify(TestTokens.hs256(SECRET, null, TestTokens.claims("svc").build()))).isInstanceOf(TokenVerdict.Valid.class);
        assertThat(verifier.verify(TestTokens.valid("alice"))).isInstanceOf(TokenVerdict.Valid.class);
    }

    @Test
    void thePublicKeyIsNeverAnHmacSecretEvenWithHmacOn() throws Exception {
        JwtVerifier verifier = verifier(Set.of(JWSAlgorithm.HS256, JWSAlgorithm.RS256), SECRET);
        byte[] publicKey = TestTokens.RSA.toPublicJWK().toRSAPublicKey().getEncoded();
        assertThat(verifier.verify(TestTokens.hs256(publicKey, "rsa-1", TestTokens.claims("alice").build())))
                .isEqualTo(new TokenVerdict.Invalid(Reasons.BAD_SIGNATURE, "the token's signature does not verify"));
    }

    @Test
    void hmacNeedsASecretOfItsOwnOfTheHashLength() {
        assertThatThrownBy(() -> verifier(Set.of(JWSAlgorithm.HS256), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> verifier(Set.of(JWSAlgorithm.RS256), SECRET)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> verifier(Set.of(JWSAlgorithm.HS512), SECRET)).hasMessageContaining("at least 64 bytes");
    }
}
