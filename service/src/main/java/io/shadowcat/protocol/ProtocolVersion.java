package io.shadowcat.protocol;

import java.util.Optional;

/**
 * The MCP protocol revisions Shadowcat serves over Streamable HTTP.
 *
 * <p>Revisions up to 2025-11-25 are session based ({@code Mcp-Session-Id}, GET stream, DELETE);
 * 2026-07-28 is session-less and routes on the {@code Mcp-Method} / {@code Mcp-Name} headers.
 */
public enum ProtocolVersion {
    V2025_03_26("2025-03-26", true, true),
    V2025_06_18("2025-06-18", true, false),
    V2025_11_25("2025-11-25", true, false),
    V2026_07_28("2026-07-28", false, false);

    /** What a request without an {@code MCP-Protocol-Version} header speaks (the spec's fallback). */
    public static final ProtocolVersion ASSUMED_WHEN_ABSENT = V2025_03_26;

    private static final ProtocolVersion[] VALUES = values();

    private final String wireName;
    private final boolean sessionBased;
    private final boolean batchesAllowed;

    ProtocolVersion(String wireName, boolean sessionBased, boolean batchesAllowed) {
        this.wireName = wireName;
        this.sessionBased = sessionBased;
        this.batchesAllowed = batchesAllowed;
    }

    /** The revision named by a header value, if Shadowcat serves it. */
    public static Optional<ProtocolVersion> fromWire(String value) {
        for (ProtocolVersion version : VALUES) {
            if (version.wireName.equals(value)) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }

    /** The revision as written on the wire, e.g. {@code 2025-06-18}. */
    public String wireName() {
        return wireName;
    }

    /** Whether this revision uses {@code Mcp-Session-Id} sessions. */
    public boolean sessionBased() {
        return sessionBased;
    }

    /** Whether a POST may carry a JSON-RPC batch (only 2025-03-26). */
    public boolean batchesAllowed() {
        return batchesAllowed;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
