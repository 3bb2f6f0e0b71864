package io.shadowcat.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Issues and checks Shadowcat's own {@code Mcp-Session-Id}s: sealed tokens that pin a session to
 * its upstream and its principal, expire after a maximum age, and stay dead once terminated.
 *
 * <p>Holds no per-session state beyond the bounded set of terminated ids, so any replica with the
 * same key serves any session. Thread-safe.
 */
public final class Sessions {
    private final SessionCodec codec;
    private final TerminatedSessions terminated;
    private final Duration maxAge;
    private final Clock clock;
    private final IssuedSessions issued;

    public Sessions(SessionCodec codec, TerminatedSessions terminated, Duration maxAge, Clock clock) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.terminated = Objects.requireNonNull(terminated, "terminated");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.issued = new IssuedSessions(maxAge);
    }

    /** A new session id for a session pinned to {@code upstream}. */
    public String issue(String upstream, String upstreamSessionId, long principalHash) {
        Instant now = clock.instant();
        issued.issued(now);
        return codec.seal(new SessionToken(upstream, upstreamSessionId == null ? "" : upstreamSessionId,
                principalHash, now));
    }

    /**
     * The session named by {@code sessionId}, if it is authentic, not terminated, not older than the
     * maximum age, and belongs to {@code principalHash}. Every refusal looks the same to the caller
     * (404), so a probe learns nothing about other principals' sessions.
     */
    public Optional<SessionToken> resolve(String sessionId, long principalHash) {
        return resolve(sessionId, principalHash, null);
    }

    /**
     * As {@link #resolve(String, long)}, opening the id through {@code opened} (the connection's last opened id, or
     * null): the same checks, without decrypting an id the connection carried before.
     */
    public Optional<SessionToken> resolve(String sessionId, long principalHash, OpenedSession opened) {
        if (terminated.isTerminated(sessionId)) {
            return Optional.empty();
        }
        SessionToken token = opened == null ? codec.open(sessionId).orElse(null) : opened.open(sessionId, codec);
        if (token == null || token.principalHash() != principalHash
                || token.issuedAt().isBefore(clock.instant().minus(maxAge))) {
            return Optional.empty();
        }
        return Optional.of(token);
    }

    /**
     * Sessions the proxy would still honour: issued within the maximum age and not terminated. Session
     * ids are sealed tokens, so this is a count from time slots, not a set of ids (see
     * {@link IssuedSessions}); a client that simply stops using its session still counts until it ages out.
     */
    public long active() {
        return Math.max(0, issued.count(clock.instant()) - terminated.size());
    }

    /** Terminated session ids still remembered. */
    public long terminatedCount() {
        return terminated.size();
    }

    /** Ends {@code sessionId}: later requests carrying it are refused. */
    public void terminate(String sessionId) {
        terminated.terminate(sessionId);
    }
}
