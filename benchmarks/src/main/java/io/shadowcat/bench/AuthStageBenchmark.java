package io.shadowcat.bench;

import com.codahale.metrics.MetricRegistry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.dropwizard.auth.AuthenticationException;
import io.shadowcat.auth.AuthAudit;
import io.shadowcat.auth.BearerAuth;
import io.shadowcat.auth.JwtVerifier;
import io.shadowcat.auth.ScopeAuthorizer;
import io.shadowcat.auth.TokenCheck;
import io.shadowcat.auth.TokenVerdict;
import io.shadowcat.auth.VerificationKeys;
import io.shadowcat.auth.VerifiedTokens;
import io.shadowcat.proxy.AuthOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@code auth} stage: a token already in the cache of verified tokens (what almost every request
 * pays: header read, SHA-256, cache lookup, scope check), and a first sight of a token, verified with
 * RS256 (2048-bit) or ES256 (P-256). Sampled, so the report carries percentiles, not only a mean.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuthStageBenchmark {
    private static final String ISSUER = "https://idp.bench";
    private static final String RESOURCE = "http://127.0.0.1:8080/mcp";

    private BearerAuth stage;
    private HttpFields cachedRequest;
    private JwtVerifier verifier;
    private String rs256;
    private String es256;

    @Setup
    public void setUp() throws JOSEException {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec").generate();
        VerificationKeys keys = VerificationKeys.fixed(new JWKSet(List.of(rsa, ec)));
        verifier = new JwtVerifier(keys, JwtVerifier.DEFAULT_ALGORITHMS, ISSUER, RESOURCE, Duration.ofSeconds(60), Clock.systemUTC());
        rs256 = token(new RSASSASigner(rsa), JWSAlgorithm.RS256, "rsa");
        es256 = token(new ECDSASigner(ec), JWSAlgorithm.ES256, "ec");

        TokenCheck tokens = new TokenCheck(verifier, keys, new VerifiedTokens(100_000, Duration.ofMinutes(5),
                Clock.systemUTC(), Ticker.systemTicker()));
        stage = new BearerAuth(tokens, new ScopeAuthorizer(), List.of("mcp"), 16384,
                "http://127.0.0.1:8080/.well-known/oauth-protected-resource/mcp", new AuthAudit(new MetricRegistry(), Clock.systemUTC()));
        cachedRequest = HttpFields.build().put("Authorization", "Bearer " + rs256).asImmutable();
        if (!(stage.authenticate(cachedRequest, null, "127.0.0.1") instanceof AuthOutcome.Admitted)) {
            throw new IllegalStateException("the benchmark token is not admitted");
        }
    }

    private static String token(JWSSigner signer, JWSAlgorithm algorithm, String kid) throws JOSEException {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).build(), new JWTClaimsSet.Builder()
                .issuer(ISSUER).audience(RESOURCE).subject("bench").claim("scope", "mcp")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600))).build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    @Benchmark
    public AuthOutcome cachedToken() {
        return stage.authenticate(cachedRequest, null, "127.0.0.1");
    }

    @Benchmark
    public TokenVerdict uncachedRs256() throws AuthenticationException {
        return verifier.verify(rs256);
    }

    @Benchmark
    public TokenVerdict uncachedEs256() throws AuthenticationException {
        return verifier.verify(es256);
    }
}
