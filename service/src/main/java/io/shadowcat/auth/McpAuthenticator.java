package io.shadowcat.auth;

import io.dropwizard.auth.AuthenticationException;
import io.dropwizard.auth.Authenticator;
import java.util.Objects;
import java.util.Optional;

/**
 * Dropwizard's contract over the same {@link TokenCheck} the proxy uses, for Jersey resources: a bad or
 * unknown-key token is {@code Optional.empty()}; keys that cannot be loaded are an
 * {@link AuthenticationException}. It never waits for a key refetch (the proxy's stage triggers those),
 * so a Jersey thread never blocks on the network. Thread-safe.
 */
public final class McpAuthenticator implements Authenticator<String, McpPrincipal> {
    private final TokenCheck tokens;

    public McpAuthenticator(TokenCheck tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    @Override
    public Optional<McpPrincipal> authenticate(String token) throws AuthenticationException {
        TokenVerdict verdict = tokens.check(token, TokenHash.of(token));
        return verdict instanceof TokenVerdict.Valid valid ? Optional.of(valid.principal()) : Optional.empty();
    }
}
