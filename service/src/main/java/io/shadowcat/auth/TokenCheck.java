package io.shadowcat.auth;

import io.dropwizard.auth.AuthenticationException;
import java.util.Objects;
import java.util.concurrent.CompletionException;
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

    public TokenCheck(TokenVerifier verifier, VerificationKeys keys, VerifiedTokens tokens) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /** The verdict with the keys at hand; {@link TokenVerdict.UnknownKey} asks for {@link #recheck}. */
    public TokenVerdict check(String token, TokenHash hash) throws AuthenticationException {
        McpPrincipal cached = tokens.get(hash);
        if (cached != null) {
            return new TokenVerdict.Valid(cached);
        }
        TokenVerdict verdict = verifier.verify(token);
        if (verdict instanceof TokenVerdict.Valid valid) {
            tokens.put(hash, valid.principal());
        }
        return verdict;
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
