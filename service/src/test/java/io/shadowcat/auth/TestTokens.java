package io.shadowcat.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.function.UnaryOperator;

/** Keys and signed tokens for tests: the IdP's keys, an attacker's keys, and tokens built claim by claim. */
public final class TestTokens {
    public static final String ISSUER = "https://idp.test";
    public static final String RESOURCE = "http://127.0.0.1:8080/mcp";
    public static final RSAKey RSA = rsa("rsa-1");
    public static final ECKey EC = ec("ec-1");
    public static final RSAKey ATTACKER = rsa("attacker");

    private TestTokens() {
    }

    public static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ECKey ec(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JWK set file with the public halves of {@code keys}. */
    public static Path jwksFile(JWK... keys) {
        try {
            Path file = Files.createTempFile("jwks", ".json");
            Files.writeString(file, new JWKSet(java.util.List.of(keys)).toPublicJWKSet().toString());
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Valid claims for {@code subject} with scope {@code mcp}, issued now, expiring in five minutes. */
    public static JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(RESOURCE).subject(subject).claim("scope", "mcp")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
    }

    public static String valid(String subject) {
        return rs256(claims(subject).build());
    }

    public static String rs256(JWTClaimsSet claims) {
        return sign(RSA, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID()), claims);
    }

    /** Signs {@code claims} with {@code key} under the header {@code header} builds. */
    public static String sign(JWK key, JWSHeader.Builder header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header.build(), claims);
            if (key instanceof RSAKey rsa) {
                jwt.sign(new RSASSASigner(rsa));
            } else if (key instanceof ECKey ec) {
                jwt.sign(new ECDSASigner(ec));
            } else {
                throw new IllegalArgumentException("no signer for " + key.getKeyType());
            }
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HS256 over {@code claims} with {@code secret}: the algorithm-confusion attack when the secret is a public key. */
    public static String hs256(byte[] secret, String kid, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code token} with one of its three parts replaced. */
    public static String replacePart(String token, int part, UnaryOperator<String> change) {
        String[] parts = token.split("\\.", -1);
        parts[part] = change.apply(parts[part]);
        return String.join(".", parts);
    }
}
