package io.shadowcat.ratelimit;

import java.util.Locale;

/**
 * The rate-limit tiers, in the order they are checked. A request consumes one token from every tier that
 * applies to it, and only if all of them admit it.
 */
public enum Tier {
    /** Every request. */
    GLOBAL,
    /** Per authenticated subject; per client address when anonymous. */
    SUBJECT,
    /** Per proxy session (requests that carry a known session). */
    SESSION,
    /** Per JSON-RPC method and tool/prompt/resource name (requests that name one), optionally per subject too. */
    TOOL,
    /** Per upstream the request goes to. */
    UPSTREAM;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The tier's name in configuration, headers and metrics. */
    public String wireName() {
        return wireName;
    }
}
