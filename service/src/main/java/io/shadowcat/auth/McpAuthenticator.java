package io.shadowcat.auth;

import io.dropwizard.auth.AuthenticationException;
import io.dropwizard.auth.Authenticator;
import java.util.Objects;
import java.util.Optional;

/**
 * Dropwizard's contract over the same {@link TokenCheck} the proxy uses, for Jersey resources: a bad or
 * unknown-key token is {@code Optional.empty()}; keys that cannot be loaded are an
 * {@link AuthenticationException}. It never waits on the network, so a Jersey thread never blocks: a key
 * refetch is left to the proxy's stage, and an opaque token is accepted once its introspection (started
 * here or by the proxy) has completed and been cached. Thread-safe.
 */
public final class McpAuthenticator implements Authenticator<String, McpPrincipal> {
    private final TokenCheck tokens;

    public McpAuthenticator(TokenCheck tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    @Override
    public Optional<McpPrincipal> authenticate(String token) throws AuthenticationException {
        TokenVerdict verdict = tokens.check(token, TokenHash.of(token));
        if (verdict instanceof TokenVerdict.Pending pending) {
            verdict = pending.verdict().toCompletableFuture().getNow(null);
        }
        return verdict instanceof TokenVerdict.Valid valid ? Optional.of(valid.principal()) : Optional.empty();
    }
}
