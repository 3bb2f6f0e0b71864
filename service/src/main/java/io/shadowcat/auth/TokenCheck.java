package io.shadowcat.auth;

import io.dropwizard.auth.AuthenticationException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;

/**
 * A token's verdict from the cache of verified tokens or, on a miss, from the verifier; and, for a token
 * signed by an unknown key, the verdict after one refetch of the key set. Shared by the proxy's auth stage
 * and the Jersey authenticator. Thread-safe; never blocks.
 */
public final class TokenCheck {
    private static final TokenVerdict UNKNOWN_KEY =
            new TokenVerdict.Invalid(Reasons.UNKNOWN_KEY, "the token's signing key is not known");

    private final TokenVerifier verifier;
    private final VerificationKeys keys;
    private final VerifiedTokens tokens;
    private final Introspector introspector;
    /** Introspections under way, so concurrent requests with one opaque token ask the server once. */
    private final ConcurrentHashMap<TokenHash, CompletableFuture<TokenVerdict>> introspecting = new ConcurrentHashMap<>();

    public TokenCheck(TokenVerifier verifier, VerificationKeys keys, VerifiedTokens tokens) {
        this(verifier, keys, tokens, null);
    }

    /** @param introspector checks tokens that are not JWTs (RFC 7662), or {@code null} to refuse them */
    public TokenCheck(TokenVerifier verifier, VerificationKeys keys, VerifiedTokens tokens, Introspector introspector) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.introspector = introspector;
    }

    /**
     * The verdict with the keys at hand; {@link TokenVerdict.UnknownKey} asks for {@link #recheck}. An
     * opaque token with introspection configured is {@link TokenVerdict.Pending}, cached once valid.
     */
    public TokenVerdict check(String token, TokenHash hash) throws AuthenticationException {
        McpPrincipal cached = cached(hash);
        return cached != null ? new TokenVerdict.Valid(cached) : verify(token, hash);
    }

    /** The principal of a token verified before and still cached, or {@code null}. */
    public McpPrincipal cached(TokenHash hash) {
        return tokens.get(hash);
    }

    /** {@link #check} of a token {@link #cached} does not know: it is verified (or introspected), not looked up. */
    public TokenVerdict verify(String token, TokenHash hash) throws AuthenticationException {
        if (introspector != null && !looksLikeJws(token)) {
            return new TokenVerdict.Pending(introspect(token, hash));
        }
        TokenVerdict verdict = verifier.verify(token);
        if (verdict instanceof TokenVerdict.Valid valid) {
            tokens.put(hash, valid.principal());
        }
        return verdict;
    }

    private CompletableFuture<TokenVerdict> introspect(String token, TokenHash hash) {
        CompletableFuture<TokenVerdict> mine = new CompletableFuture<>();
        CompletableFuture<TokenVerdict> running = introspecting.putIfAbsent(hash, mine);
        if (running != null) {
            return running;
        }
        introspector.introspect(token).whenComplete((verdict, failure) -> {
            if (verdict instanceof TokenVerdict.Valid valid) {
                tokens.put(hash, valid.principal());
            }
            introspecting.remove(hash, mine);
            if (failure != null) {
                mine.completeExceptionally(failure);
            } else {
                mine.complete(verdict);
            }
        });
        return mine;
    }

    /** Three dot-separated parts: a JWS compact serialization, whatever else it turns out to be. */
    private static boolean looksLikeJws(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        return second > 0 && token.indexOf('.', second + 1) < 0;
    }

    /**
     * The verdict after asking for a fresh key set once; never {@link TokenVerdict.UnknownKey}. Completes
     * exceptionally with an {@link AuthenticationException} when no keys could be loaded at all.
     */
    public CompletionStage<TokenVerdict> recheck(String token, TokenHash hash) {
        return keys.refetch().thenApply(fetched -> {
            if (!fetched && keys.current().isEmpty()) {
                throw new CompletionException(new AuthenticationException("no verification keys could be loaded"));
            }
            if (!fetched) {
                return UNKNOWN_KEY;
            }
            try {
                TokenVerdict verdict = check(token, hash);
                return verdict instanceof TokenVerdict.UnknownKey ? UNKNOWN_KEY : verdict;
            } catch (AuthenticationException e) {
                throw new CompletionException(e);
            }
        });
    }
}
