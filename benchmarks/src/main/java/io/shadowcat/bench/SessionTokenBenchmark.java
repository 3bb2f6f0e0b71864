package io.shadowcat.bench;

import io.shadowcat.session.SessionCodec;
import io.shadowcat.session.SessionToken;
import io.shadowcat.session.Sessions;
import io.shadowcat.session.TerminatedSessions;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
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
 * The proxy's own {@code Mcp-Session-Id}: {@link Sessions#issue} (seal a new token: AES-GCM with a fresh nonce,
 * Base64url; what {@code initialize} costs) and {@link Sessions#resolve} (what every later request's {@code route}
 * stage costs: the terminated-set lookup, decode, authenticate and decrypt, owner and age check), plus the codec's
 * {@code seal}/{@code open} alone. The token carries an upstream name, an upstream session id of UUID length and a
 * principal hash, as in production. Sampled, for percentiles.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SessionTokenBenchmark {
    private static final long PRINCIPAL = 0x5eed_cafe_f00dL;
    private static final String UPSTREAM_SESSION = "0f8fad5b-d9cb-469f-a165-70867728950e";

    private Sessions sessions;
    private SessionCodec codec;
    private SessionToken token;
    private String sessionId;
    private String sealed;

    @Setup
    public void setUp() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7 + 3);
        }
        codec = new SessionCodec(new SecretKeySpec(key, "AES"));
        sessions = new Sessions(codec, new TerminatedSessions(100_000, Duration.ofHours(1)), Duration.ofHours(24),
                Clock.systemUTC());
        sessionId = sessions.issue("demo1", UPSTREAM_SESSION, PRINCIPAL);
        token = codec.open(sessionId).orElseThrow();
        sealed = codec.seal(token);
        // A terminated set with entries, as a proxy that has served for a while holds.
        for (int i = 0; i < 10_000; i++) {
            sessions.terminate(sessions.issue("demo1", UPSTREAM_SESSION, i));
        }
        if (sessions.resolve(sessionId, PRINCIPAL).isEmpty()) {
            throw new IllegalStateException("the issued session id does not resolve");
        }
    }

    @Benchmark
    public String issue() {
        return sessions.issue("demo1", UPSTREAM_SESSION, PRINCIPAL);
    }

    @Benchmark
    public Optional<SessionToken> resolve() {
        return sessions.resolve(sessionId, PRINCIPAL);
    }

    @Benchmark
    public String seal() {
        return codec.seal(token);
    }

    @Benchmark
    public Optional<SessionToken> open() {
        return codec.open(sealed);
    }
}
