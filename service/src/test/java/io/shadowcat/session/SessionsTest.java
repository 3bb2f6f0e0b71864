package io.shadowcat.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SessionsTest {
    private static SecretKeySpec randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SecretKeySpec(key, "AES");
    }

    private final SecretKeySpec key = randomKey();
    private Instant now = Instant.parse("2026-11-26T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final Sessions sessions = new Sessions(new SessionCodec(key), new TerminatedSessions(100, Duration.ofHours(1)),
            Duration.ofHours(1), clock);

    @Test
    void aSessionCarriesItsUpstreamAndTheUpstreamsOwnId() {
        String id = sessions.issue("search", "upstream-7", 99);
        assertThat(id).matches("[A-Za-z0-9_-]+");
        assertThat(sessions.resolve(id, 99)).hasValueSatisfying(token -> {
            assertThat(token.upstream()).isEqualTo("search");
            assertThat(token.upstreamSessionId()).isEqualTo("upstream-7");
            assertThat(token.issuedAt()).isEqualTo(now);
        });
        String withoutUpstreamSession = sessions.issue("demo", null, 99);
        assertThat(sessions.resolve(withoutUpstreamSession, 99)).hasValueSatisfying(t -> assertThat(t.hasUpstreamSession()).isFalse());
    }

    @Test
    void tokensAreNotReusedAndDoNotRevealTheirContent() {
        String first = sessions.issue("demo", "abc", 1);
        String second = sessions.issue("demo", "abc", 1);
        assertThat(first).isNotEqualTo(second);
        assertThat(new String(Base64.getUrlDecoder().decode(first), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("demo").doesNotContain("abc");
    }

    @Test
    void anotherPrincipalsSessionIsRefused() {
        String id = sessions.issue("demo", "abc", 1);
        assertThat(sessions.resolve(id, 2)).isEmpty();
    }

    @Test
    void tamperedForgedAndGarbageIdsAreRefused() {
        String id = sessions.issue("demo", "abc", 1);
        char[] chars = id.toCharArray();
        chars[chars.length / 2] = chars[chars.length / 2] == 'A' ? 'B' : 'A';
        assertThat(sessions.resolve(new String(chars), 1)).isEmpty();
        Sessions otherKey = new Sessions(new SessionCodec(randomKey()), new TerminatedSessions(10, Duration.ofHours(1)),
                Duration.ofHours(1), clock);
        assertThat(otherKey.resolve(id, 1)).isEmpty();
        assertThat(sessions.resolve("garbage!", 1)).isEmpty();
        assertThat(sessions.resolve("", 1)).isEmpty();
        assertThat(sessions.resolve("AAAA", 1)).isEmpty();
        assertThat(sessions.resolve("A".repeat(5000), 1)).isEmpty();
    }

    @Test
    void terminatedSessionsStayDead() {
        String id = sessions.issue("demo", "abc", 1);
        sessions.terminate(id);
        assertThat(sessions.resolve(id, 1)).isEmpty();
    }

    @Test
    void sessionsExpireAfterTheirMaximumAge() {
        String id = sessions.issue("demo", "abc", 1);
        now = now.plus(Duration.ofMinutes(59));
        assertThat(sessions.resolve(id, 1)).isPresent();
        now = now.plus(Duration.ofMinutes(2));
        assertThat(sessions.resolve(id, 1)).isEmpty();
    }

    @Test
    void aConfiguredKeyIsSharedByReplicas() {
        SessionsFactory factory = new SessionsFactory();
        factory.setKey(Base64.getEncoder().encodeToString(key.getEncoded()));
        String id = factory.build(clock).issue("demo", "abc", 5);
        assertThat(sessions.resolve(id, 5)).isPresent();
    }

    @Test
    void aConnectionsOpenedIdIsCheckedLikeAnyOther() {
        OpenedSession connection = new OpenedSession();
        String id = sessions.issue("demo", "abc", 1);
        assertThat(sessions.resolve(id, 1, connection)).hasValueSatisfying(t -> assertThat(t.upstream()).isEqualTo("demo"));
        assertThat(sessions.resolve(id, 1, connection)).hasValueSatisfying(t -> assertThat(t.upstreamSessionId()).isEqualTo("abc"));
        // Another principal on the same connection, age and termination: refused though the id was opened before.
        assertThat(sessions.resolve(id, 2, connection)).isEmpty();
        now = now.plus(Duration.ofMinutes(61));
        assertThat(sessions.resolve(id, 1, connection)).isEmpty();
        now = now.minus(Duration.ofMinutes(61));
        String other = sessions.issue("search", "xyz", 1);
        assertThat(sessions.resolve(other, 1, connection)).hasValueSatisfying(t -> assertThat(t.upstream()).isEqualTo("search"));
        assertThat(sessions.resolve("garbage!", 1, connection)).isEmpty();
        assertThat(sessions.resolve(other, 1, connection)).isPresent();
        sessions.terminate(other);
        assertThat(sessions.resolve(other, 1, connection)).isEmpty();
        char[] chars = id.toCharArray();
        chars[chars.length / 2] = chars[chars.length / 2] == 'A' ? 'B' : 'A';
        assertThat(sessions.resolve(new String(chars), 1, connection)).isEmpty();
    }
}
