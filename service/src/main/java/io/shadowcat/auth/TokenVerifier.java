package io.shadowcat.auth;

import io.dropwizard.auth.AuthenticationException;

/**
 * Checks one bearer token. Implementations are thread-safe and do not block: a token signed by a key
 * they do not hold yet is answered {@link TokenVerdict.UnknownKey}, not fetched for.
 */
@FunctionalInterface
public interface TokenVerifier {
    /**
     * @return the verdict; bad credentials are a verdict, not an exception
     * @throws AuthenticationException when the token could not be checked (no keys to check it with)
     */
    TokenVerdict verify(String token) throws AuthenticationException;
}
