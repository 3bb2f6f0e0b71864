package io.shadowcat.demo;

import java.util.Set;

/**
 * The MCP protocol versions the demo upstream speaks, and what each implies: the session-based
 * versions need {@code initialize} and an {@code Mcp-Session-Id}; 2026-07-28 needs neither; only
 * 2025-03-26 allows JSON-RPC batches.
 */
final class ProtocolVersions {
    static final String HEADER = "MCP-Protocol-Version";
    static final String BATCHING = "2025-03-26";
    static final String LATEST_SESSION_BASED = "2025-11-25";
    static final String SESSIONLESS = "2026-07-28";

    private static final Set<String> SUPPORTED =
            Set.of(BATCHING, "2025-06-18", LATEST_SESSION_BASED, SESSIONLESS);

    private ProtocolVersions() {
    }

    static boolean isSupported(String version) {
        return SUPPORTED.contains(version);
    }

    static boolean isSessionless(String version) {
        return SESSIONLESS.equals(version);
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
        return headerVersion == null || BATCHING.equals(headerVersion);
    }
}
