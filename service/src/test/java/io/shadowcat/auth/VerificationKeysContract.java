package io.shadowcat.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What every source of verification keys guarantees, checked through the verifier that uses it. */
abstract class VerificationKeysContract {
    /** A source holding the public halves of {@code keys}, loaded and ready. */
    abstract VerificationKeys serving(JWK... keys) throws Exception;

    private JwtVerifier verifier(VerificationKeys keys) {
        return new JwtVerifier(keys, JwtVerifier.DEFAULT_ALGORITHMS, TestTokens.ISSUER, TestTokens.RESOURCE,
                Duration.ZERO, Clock.systemUTC());
    }

    @Test
    void verifiesTokensSignedByItsKeys() throws Exception {
        TokenVerdict verdict = verifier(serving(TestTokens.RSA)).verify(TestTokens.valid("alice"));
        assertThat(verdict).isInstanceOfSatisfying(TokenVerdict.Valid.class,
                valid -> assertThat(valid.principal().subject()).isEqualTo("alice"));
    }

    @Test
    void refusesAnotherKeyUnderItsKeyId() throws Exception {
        String forged = TestTokens.sign(TestTokens.ATTACKER, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1"),
                TestTokens.claims("alice").build());
        assertThat(verifier(serving(TestTokens.RSA)).verify(forged))
                .isEqualTo(new TokenVerdict.Invalid(Reasons.BAD_SIGNATURE, "the token's signature does not verify"));
    }

    @Test
    void namesAnUnknownKeyId() throws Exception {
        String token = TestTokens.sign(TestTokens.EC, new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1"),
                TestTokens.claims("alice").build());
        assertThat(verifier(serving(TestTokens.RSA)).verify(token)).isEqualTo(new TokenVerdict.UnknownKey("ec-1"));
    }

    @Test
    void neverHoldsPrivateKeys() throws Exception {
        assertThat(serving(TestTokens.RSA, TestTokens.EC).current().getKeys()).noneMatch(JWK::isPrivate);
    }
}
