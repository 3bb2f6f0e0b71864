package io.shadowcat.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** EdDSA (Ed25519) tokens, signed with the JDK's own provider as an IdP would, verified without Tink. */
class EdDsaTest {
    private final KeyPair pair = generate();
    private final JwtVerifier verifier = new JwtVerifier(VerificationKeys.fixed(new JWKSet(jwk("ed-1", pair))),
            JwtVerifier.DEFAULT_ALGORITHMS, TestTokens.ISSUER, TestTokens.RESOURCE, Duration.ZERO, Clock.systemUTC());

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OctetKeyPair jwk(String kid, KeyPair pair) {
        byte[] encoded = pair.getPublic().getEncoded();
        return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length)))
                .keyID(kid).build();
    }

    private static String sign(KeyPair pair, String alg, String kid, String payloadJson) throws Exception {
        String input = Base64URL.encode("{\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\"}") + "." + Base64URL.encode(payloadJson);
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initSign(pair.getPrivate());
        ed25519.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + Base64URL.encode(ed25519.sign());
    }

    private static String claims() {
        return TestTokens.claims("ed").build().toString();
    }

    @Test
    void eddsaAndEd25519TokensVerify() throws Exception {
        assertThat(verifier.verify(sign(pair, "EdDSA", "ed-1", claims()))).isInstanceOfSatisfying(TokenVerdict.Valid.class,
                valid -> assertThat(valid.principal().subject()).isEqualTo("ed"));
        assertThat(verifier.verify(sign(pair, "Ed25519", "ed-1", claims()))).isInstanceOf(TokenVerdict.Valid.class);
    }

    @Test
    void anotherEd25519KeyUnderTheSameKeyIdIsRefused() throws Exception {
        assertThat(verifier.verify(sign(generate(), "EdDSA", "ed-1", claims())))
                .isEqualTo(new TokenVerdict.Invalid(Reasons.BAD_SIGNATURE, "the token's signature does not verify"));
    }
}
