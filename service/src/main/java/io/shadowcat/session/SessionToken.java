package io.shadowcat.session;

import java.time.Instant;
import java.util.Objects;

/**
 * What Shadowcat's {@code Mcp-Session-Id} carries, sealed inside the token so no replica needs to
 * remember it.
 *
 * @param upstream          name of the upstream that served {@code initialize}; the session is pinned to it
 * @param upstreamSessionId the upstream's own session id, or the empty string when it issued none
 * @param principalHash     a hash of the principal the session belongs to
 * @param issuedAt          when the session was opened (second precision)
 */
public record SessionToken(String upstream, String upstreamSessionId, long principalHash, Instant issuedAt) {
    public SessionToken {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(upstreamSessionId, "upstreamSessionId");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }

    /** Whether the upstream issued a session id of its own. */
    public boolean hasUpstreamSession() {
        return !upstreamSessionId.isEmpty();
    }
}
