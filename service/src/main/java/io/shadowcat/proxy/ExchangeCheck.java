package io.shadowcat.proxy;

import io.shadowcat.jsonrpc.JsonRpcEnvelope;
import io.shadowcat.protocol.ProtocolVersion;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;

/**
 * One admission stage of the proxy after auth (rate limit, policy): admits a parsed request or rejects it.
 * Implementations must be thread-safe and must not block; exceptions mean "could not decide" and
 * are answered as 500.
 */
@FunctionalInterface
public interface ExchangeCheck {
    /** Admits every request; the stage is still timed so the breakdown stays whole. */
    ExchangeCheck PASS = (headers, envelope, version, clientAddress) -> Optional.empty();

    /**
     * @param headers       the client's request headers
     * @param envelope      the request's JSON-RPC envelope, or {@code null} for GET and DELETE
     * @param version       the protocol revision the request speaks
     * @param clientAddress the client's IP address
     * @return a rejection, or empty to admit
     */
    Optional<Rejection> check(HttpFields headers, JsonRpcEnvelope envelope, ProtocolVersion version,
                              String clientAddress);
}
