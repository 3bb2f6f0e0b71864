package io.shadowcat.proxy;

import io.shadowcat.auth.McpPrincipal;
import io.shadowcat.jsonrpc.JsonRpcEnvelope;
import io.shadowcat.protocol.ProtocolVersion;
import io.shadowcat.session.SessionToken;
import java.net.InetAddress;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * What an admission check (rate limit, policy) sees of one request after auth, and the effects it may
 * leave on the rest of the exchange. One instance per exchange, confined to it: checks run one after
 * the other and must not keep it beyond their call.
 */
public interface AdmissionRequest {
    /** The client's request headers. */
    HttpFields headers();

    /** The request's JSON-RPC envelope, or {@code null} for GET and DELETE. */
    JsonRpcEnvelope envelope();

    /** The protocol revision the request speaks. */
    ProtocolVersion version();

    /** The client's IP address. */
    String clientAddress();

    /**
     * The same address as the connection holds it, for checks that compare addresses (no text to format and parse
     * back per request), or {@code null} when it is not at hand; {@link #clientAddress()} is then read instead.
     */
    default InetAddress clientInetAddress() {
        return null;
    }

    /** The authenticated principal, or {@code null} when anonymous. */
    McpPrincipal principal();

    /**
     * The request's session, decoded on first use (the route stage reuses it), or {@code null} when the
     * request carries none or one that is unknown, expired, terminated or another principal's.
     */
    SessionToken session();

    /**
     * The name of the upstream the request will go to (its session's, or the one chosen for a new
     * session or a session-less request), or {@code null} when its session is not known.
     */
    String upstream();

    /** Adds a header to the response the client gets, whoever answers it. */
    void addResponseHeader(HttpField header);

    /** Edits the headers sent to the upstream, applied in order after the proxy's own header hygiene. */
    void editUpstreamHeaders(UpstreamHeaderEdit edit);

    /**
     * Filters the result of this {@code tools/list}, {@code prompts/list} or {@code resources/list}
     * request, in JSON and in SSE responses, so that entries the filter refuses never reach the client.
     */
    void filterListResult(ListFilter filter);
}
