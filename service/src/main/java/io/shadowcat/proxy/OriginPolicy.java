package io.shadowcat.proxy;

import java.util.List;
import java.util.Locale;

/**
 * Which browser origins may call the MCP endpoint (the spec's defence against DNS rebinding).
 *
 * <p>A request without {@code Origin} is not from a browser page and is allowed. A pattern is an exact
 * origin ({@code https://app.example.com}) or an origin with a port wildcard
 * ({@code http://localhost:*}, which also matches the origin without a port). Thread-safe, immutable.
 */
public final class OriginPolicy {
    private final List<String> exact;
    private final List<String> anyPort;

    public OriginPolicy(List<String> patterns) {
        this.exact = patterns.stream().filter(p -> !p.endsWith(":*")).map(OriginPolicy::normalize).toList();
        this.anyPort = patterns.stream().filter(p -> p.endsWith(":*"))
                .map(p -> normalize(p.substring(0, p.length() - 2))).toList();
    }

    /** Whether a request carrying {@code origin} (possibly {@code null}) may proceed. */
    public boolean allows(String origin) {
        if (origin == null) {
            return true;
        }
        String candidate = normalize(origin);
        if (exact.contains(candidate)) {
            return true;
        }
        for (String prefix : anyPort) {
            if (candidate.equals(prefix)) {
                return true;
            }
            if (candidate.startsWith(prefix) && candidate.length() > prefix.length() + 1
                    && candidate.charAt(prefix.length()) == ':' && isPort(candidate, prefix.length() + 1)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPort(String value, int from) {
        for (int i = from; i < value.length(); i++) {
            if (!Character.isDigit(value.charAt(i))) {
                return false;
            }
        }
        return value.length() - from <= 5;
    }

    private static String normalize(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
