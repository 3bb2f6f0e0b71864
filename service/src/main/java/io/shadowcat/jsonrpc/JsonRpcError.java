package io.shadowcat.jsonrpc;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;

/**
 * JSON-RPC error codes Shadowcat answers with, and the one place their bodies are written.
 *
 * <p>The standard codes come from JSON-RPC 2.0; the {@code -320xx} codes are Shadowcat's, in the
 * range the specification leaves to implementations. Thread-safe and allocation-light: bodies are
 * built with a {@link StringBuilder}, never through a tree.
 */
public final class JsonRpcError {
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INTERNAL_ERROR = -32603;
    /** The session is unknown, expired, terminated, or belongs to someone else (HTTP 404). */
    public static final int SESSION_NOT_FOUND = -32001;
    /** The upstream could not be reached or failed before answering (HTTP 502). */
    public static final int UPSTREAM_UNAVAILABLE = -32002;
    /** The request was refused: origin, credentials or policy (HTTP 403). */
    public static final int FORBIDDEN = -32003;
    /** The upstream did not start answering in time (HTTP 504). */
    public static final int UPSTREAM_TIMEOUT = -32004;
    /** The request exceeds a limit of the proxy: body size (HTTP 413). */
    public static final int REQUEST_TOO_LARGE = -32005;
    /** The HTTP request does not fit the transport: method, media types, headers (HTTP 405/406/415). */
    public static final int TRANSPORT_ERROR = -32006;
    /** No valid credentials: the bearer token is missing, invalid or expired (HTTP 401). */
    public static final int UNAUTHORIZED = -32007;
    /** Shadowcat: a rate limit refused the request; retry after the time the response names. */
    public static final int RATE_LIMITED = -32008;

    private JsonRpcError() {
    }

    /**
     * A complete JSON-RPC error response.
     *
     * @param idJson the request id as raw JSON, or {@code null} to answer {@code "id":null}
     */
    public static byte[] body(String idJson, int code, String message) {
        StringBuilder json = new StringBuilder(96 + message.length());
        json.append("{\"jsonrpc\":\"2.0\",\"id\":").append(idJson == null ? "null" : idJson)
                .append(",\"error\":{\"code\":").append(code).append(",\"message\":\"");
        JsonStringEncoder.getInstance().quoteAsString(message, json);
        json.append("\"}}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
