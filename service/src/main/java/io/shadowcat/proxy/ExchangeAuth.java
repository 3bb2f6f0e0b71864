package io.shadowcat.proxy;

import org.eclipse.jetty.http.HttpFields;

/**
 * The auth stage of the proxy: turns a request's credentials into a principal or a refusal.
 * Implementations must be thread-safe and must not block: work that needs the network returns
 * {@link AuthOutcome.Deferred}. Exceptions mean "could not decide" and are answered as 500.
 */
@FunctionalInterface
public interface ExchangeAuth {
    /** Admits every request as the anonymous principal. */
    ExchangeAuth ANONYMOUS = (headers, query, clientAddress) -> AuthOutcome.ANONYMOUS;

    /**
     * @param headers       the client's request headers
     * @param query         the request URI's raw query, or {@code null}
     * @param clientAddress the client's IP address
     */
    AuthOutcome authenticate(HttpFields headers, String query, String clientAddress);
}
