package io.shadowcat.auth;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An authenticated caller: the token's subject and issuer, its scopes, its claims (as text, for
 * policy conditions), and when its token expires. Immutable and thread-safe.
 */
public final class McpPrincipal implements Principal {
    private final String subject;
    private final String issuer;
    private final Set<String> scopes;
    private final Instant expiresAt;
    private final Map<String, List<String>> claims;
    private final long hash;

    public McpPrincipal(String subject, String issuer, Set<String> scopes, Instant expiresAt) {
        this(subject, issuer, scopes, expiresAt, Map.of());
    }

    /**
     * @param claims every claim of the token as text: a string, number or boolean is one value, an array its
     *               elements' values; nested objects are left out
     */
    public McpPrincipal(String subject, String issuer, Set<String> scopes, Instant expiresAt,
                        Map<String, List<String>> claims) {
        this.subject = Objects.requireNonNull(subject, "subject");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.scopes = Set.copyOf(scopes);
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
        this.claims = Map.copyOf(claims);
        long h = TokenHash.of((issuer + '\0' + subject).getBytes(StandardCharsets.UTF_8)).first();
        this.hash = h == 0 ? 1 : h;
    }

    @Override
    public String getName() {
        return subject;
    }

    public String subject() {
        return subject;
    }

    public String issuer() {
        return issuer;
    }

    public Set<String> scopes() {
        return scopes;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    /** The values of claim {@code name} as text; empty when the token does not carry it. */
    public List<String> claim(String name) {
        return claims.getOrDefault(name, List.of());
    }

    /** A stable 64-bit hash of issuer and subject, never 0: what proxy sessions are bound to. */
    public long principalHash() {
        return hash;
    }

    @Override
    public String toString() {
        return "McpPrincipal[" + subject + " from " + issuer + "]";
    }
}
