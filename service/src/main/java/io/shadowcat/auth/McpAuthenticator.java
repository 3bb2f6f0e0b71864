package io.shadowcat.auth;

import io.dropwizard.auth.AuthenticationException;
import io.dropwizard.auth.Authenticator;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Dropwizard's contract over the same {@link TokenCheck} the proxy uses, for Jersey resources: a bad or
 * unknown-key token is {@code Optional.empty()}; keys or an introspection answer that cannot be had in
 * time are an {@link AuthenticationException}. Jersey resources run on a blocking thread pool, so unlike
 * the proxy's auth stage this waits, up to {@code wait}, for what the network decides: a token signed by
 * a key not fetched yet gets the same single, rate-limited key-set refetch, and an opaque token its
 * introspection (shared with any proxy request asking about the same token). Thread-safe.
 */
public final class McpAuthenticator implements Authenticator<String, McpPrincipal> {
    private final TokenCheck tokens;
    private final long waitNanos;

    /** @param wait how long a request thread may wait for a key refetch or an introspection */
    public McpAuthenticator(TokenCheck tokens, Duration wait) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.waitNanos = wait.toNanos();
    }

    @Override
    public Optional<McpPrincipal> authenticate(String token) throws AuthenticationException {
        TokenHash hash = TokenHash.of(token);
        TokenVerdict verdict = tokens.check(token, hash);
        if (verdict instanceof TokenVerdict.Pending pending) {
            verdict = await(pending.verdict());
        } else if (verdict instanceof TokenVerdict.UnknownKey) {
            verdict = await(tokens.recheck(token, hash));
        }
        return verdict instanceof TokenVerdict.Valid valid ? Optional.of(valid.principal()) : Optional.empty();
    }

    private TokenVerdict await(CompletionStage<TokenVerdict> later) throws AuthenticationException {
        try {
            return later.toCompletableFuture().get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthenticationException("interrupted while checking the token", e);
        } catch (TimeoutException e) {
            throw new AuthenticationException("the token could not be checked within " + Duration.ofNanos(waitNanos), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException wrapped
                    && wrapped.getCause() != null ? wrapped.getCause() : e.getCause();
            if (cause instanceof AuthenticationException could) {
                throw could;
            }
            throw new AuthenticationException("the token could not be checked", cause);
        }
    }
}
