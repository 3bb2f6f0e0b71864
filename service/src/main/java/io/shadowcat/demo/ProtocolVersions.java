package io.shadowcat.demo;

import io.shadowcat.protocol.McpHeaders;
import io.shadowcat.protocol.ProtocolVersion;
import java.util.Optional;

/**
 * How the demo upstream reads the {@code MCP-Protocol-Version} header, in terms of Shadowcat's
 * {@link ProtocolVersion}: the session-based versions need {@code initialize} and an
 * {@code Mcp-Session-Id}; 2026-07-28 needs neither; only 2025-03-26 allows JSON-RPC batches.
 */
final class ProtocolVersions {
    static final String HEADER = McpHeaders.PROTOCOL_VERSION;
    static final String LATEST_SESSION_BASED = ProtocolVersion.V2025_11_25.wireName();

    private ProtocolVersions() {
    }

    static boolean isSupported(String version) {
        return ProtocolVersion.fromWire(version).isPresent();
    }

    static boolean isSessionless(String version) {
        return ProtocolVersion.fromWire(version).map(v -> !v.sessionBased()).orElse(false);
    }

    /** The version {@code initialize} answers: the requested one if supported, else the latest. */
    static String negotiate(String requested) {
        return requested != null && isSupported(requested) ? requested : LATEST_SESSION_BASED;
    }

    /**
     * Whether a message may be a batch under the version a request names in its header. Without
     * the header the client speaks 2025-03-26, the version that allows batches.
     */
    static boolean allowsBatches(String headerVersion) {
        Optional<ProtocolVersion> version = headerVersion == null
                ? Optional.of(ProtocolVersion.ASSUMED_WHEN_ABSENT) : ProtocolVersion.fromWire(headerVersion);
        return version.map(ProtocolVersion::batchesAllowed).orElse(false);
    }
}
