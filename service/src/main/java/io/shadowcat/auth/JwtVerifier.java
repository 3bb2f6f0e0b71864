package io.shadowcat.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.dropwizard.auth.AuthenticationException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies signed JWT access tokens with Nimbus JOSE+JWT: the signature against {@link VerificationKeys}
 * with an allow-list of asymmetric algorithms (EdDSA through {@link EdDsaKeys}), then {@code iss}, {@code aud} (the resource, RFC 8707),
 * {@code exp}, {@code nbf} and {@code iat} with a clock skew. Unsecured ({@code none}) tokens are always
 * refused; HMAC tokens only verify against an HMAC secret configured for that purpose, never against
 * anything in the key set (so a public key cannot be abused as a secret); {@code jku}, {@code x5u} and embedded
 * {@code jwk} headers are never used as key sources; any {@code crit} header refuses the token, as no
 * critical extension is understood. Thread-safe.
 */
public final class JwtVerifier implements TokenVerifier {
    /** The asymmetric algorithms accepted unless configured otherwise. */
    public static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
            JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    private final VerificationKeys keys;
    private final Set<JWSAlgorithm> algorithms;
    private final String issuer;
    private final String audience;
    private final Duration clockSkew;
    private final Clock clock;
    private final SecretKeySpec hmacKey;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public JwtVerifier(VerificationKeys keys, Set<JWSAlgorithm> algorithms, String issuer, String audience,
                       Duration clockSkew, Clock clock) {
        this(keys, algorithms, null, issuer, audience, clockSkew, clock);
    }

    /**
     * @param hmacSecret the only key HMAC algorithms verify against, at least as long as their hash; {@code null}: none,
     *                   and {@code algorithms} must then hold no HMAC algorithm
     */
    public JwtVerifier(VerificationKeys keys, Set<JWSAlgorithm> algorithms, byte[] hmacSecret, String issuer, String audience,
                       Duration clockSkew, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.algorithms = Set.copyOf(algorithms);
        boolean hmac = this.algorithms.stream().anyMatch(JWSAlgorithm.Family.HMAC_SHA::contains);
        if (hmac != (hmacSecret != null)) {
            throw new IllegalArgumentException("HMAC algorithms are accepted only with an HMAC secret of their own, and need one");
        }
        for (JWSAlgorithm alg : this.algorithms) {
            // RFC 7518 §3.2: a key at least as long as the hash output.
            int bytes = JWSAlgorithm.HS512.equals(alg) ? 64 : JWSAlgorithm.HS384.equals(alg) ? 48 : JWSAlgorithm.HS256.equals(alg) ? 32 : 0;
            if (hmacSecret != null && hmacSecret.length < bytes) {
                throw new IllegalArgumentException(alg + " needs an HMAC secret of at least " + bytes + " bytes");
            }
        }
        this.hmacKey = hmacSecret == null ? null : new SecretKeySpec(hmacSecret, "HmacSHA256");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
        this.clock = Objects.requireNonNull(clock, "clock");
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        Set<JWSAlgorithm> asymmetric = this.algorithms.stream().filter(alg -> !JWSAlgorithm.Family.HMAC_SHA.contains(alg))
                .collect(java.util.stream.Collectors.toSet());
        JWSVerificationKeySelector<SecurityContext> fromKeySet = asymmetric.isEmpty() ? null
                : new JWSVerificationKeySelector<>(asymmetric, (selector, context) -> selector.select(keys.current()));
        processor.setJWSVerifierFactory(EdDsaKeys.verifierFactory());
        processor.setJWSKeySelector((header, context) -> JWSAlgorithm.Family.HMAC_SHA.contains(header.getAlgorithm())
                ? List.of(hmacKey) : EdDsaKeys.ALGORITHMS.contains(header.getAlgorithm())
                ? EdDsaKeys.select(keys.current(), header) : fromKeySet.selectJWSKeys(header, context));
        // Claims are checked below, against the injected clock and with one reason per failure.
        processor.setJWTClaimsSetVerifier(null);
    }

    @Override
    public TokenVerdict verify(String token) throws AuthenticationException {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            return new TokenVerdict.Invalid(Reasons.MALFORMED, "the token is not a signed JWT");
        }
        JWSHeader header = jwt.getHeader();
        if (!algorithms.contains(header.getAlgorithm())) {
            return new TokenVerdict.Invalid(Reasons.UNSUPPORTED_ALGORITHM, "algorithm " + header.getAlgorithm() + " is not accepted");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            return new TokenVerdict.Invalid(Reasons.UNSUPPORTED_CRIT, "critical header parameters are not understood");
        }
        boolean symmetric = JWSAlgorithm.Family.HMAC_SHA.contains(header.getAlgorithm());
        if (!symmetric && header.getKeyID() != null && keys.current().getKeyByKeyId(header.getKeyID()) == null) {
            return new TokenVerdict.UnknownKey(header.getKeyID());
        }
        if (!symmetric && keys.current().isEmpty()) {
            throw new AuthenticationException("no verification keys are loaded");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (BadJOSEException e) {
            return new TokenVerdict.Invalid(Reasons.BAD_SIGNATURE, "the token's signature does not verify");
        } catch (JOSEException e) {
            throw new AuthenticationException("could not verify the token's signature", e);
        }
        return checkClaims(claims);
    }

    private TokenVerdict checkClaims(JWTClaimsSet claims) {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null || claims.getSubject() == null) {
            return new TokenVerdict.Invalid(Reasons.BAD_CLAIMS, "the token must carry sub and exp");
        }
        if (!exp.toInstant().plus(clockSkew).isAfter(now)) {
            return new TokenVerdict.Invalid(Reasons.EXPIRED, "the token has expired");
        }
        Date nbf = claims.getNotBeforeTime();
        Date iat = claims.getIssueTime();
        if ((nbf != null && nbf.toInstant().minus(clockSkew).isAfter(now))
                || (iat != null && iat.toInstant().minus(clockSkew).isAfter(now))) {
            return new TokenVerdict.Invalid(Reasons.NOT_YET_VALID, "the token is not valid yet");
        }
        if (!issuer.equals(claims.getIssuer())) {
            return new TokenVerdict.Invalid(Reasons.BAD_ISSUER, "the token was not issued by " + issuer);
        }
        List<String> audiences = claims.getAudience();
        if (audiences == null || !audiences.contains(audience)) {
            return new TokenVerdict.Invalid(Reasons.BAD_AUDIENCE, "the token's audience is not " + audience);
        }
        return new TokenVerdict.Valid(new McpPrincipal(claims.getSubject(), issuer, scopes(claims), exp.toInstant(),
                ClaimValues.of(claims.getClaims())));
    }

    /** {@code scope} (RFC 9068, space separated) or {@code scp} (a list, as some servers issue). */
    private static Set<String> scopes(JWTClaimsSet claims) {
        Set<String> scopes = new LinkedHashSet<>();
        Object scope = claims.getClaim("scope");
        if (scope instanceof String s) {
            for (String part : s.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    scopes.add(part);
                }
            }
        }
        Object scp = claims.getClaim("scp");
        if (scp instanceof List<?> list) {
            list.forEach(item -> scopes.add(String.valueOf(item)));
        }
        return scopes;
    }
}
