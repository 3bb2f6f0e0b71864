package io.shadowcat.proxy;

import io.shadowcat.jsonrpc.JsonRpcError;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.http.HttpField;

/**
 * A request the proxy answers itself, with an HTTP status and a JSON-RPC error. Checks return
 * rejections as values; the one place they become HTTP responses is {@link ProxyExchange}.
 *
 * @param status  the HTTP status
 * @param code    the JSON-RPC error code (see {@link JsonRpcError})
 * @param message what the client did wrong or what failed, specific enough to act on
 * @param allow   the {@code Allow} header of a 405, otherwise {@code null}
 * @param headers further response headers, such as {@code WWW-Authenticate}; never {@code null}
 */
public record Rejection(int status, int code, String message, String allow, List<HttpField> headers) {
    public Rejection {
        Objects.requireNonNull(message, "message");
        headers = List.copyOf(headers);
    }

    public Rejection(int status, int code, String message, String allow) {
        this(status, code, message, allow, List.of());
    }

    public static Rejection of(int status, int code, String message) {
        return new Rejection(status, code, message, null);
    }

    public static Rejection badRequest(String message) {
        return of(400, JsonRpcError.INVALID_REQUEST, message);
    }

    public static Rejection sessionNotFound(String message) {
        return of(404, JsonRpcError.SESSION_NOT_FOUND, message);
    }

    public static Rejection methodNotAllowed(String message, String allow) {
        return new Rejection(405, JsonRpcError.TRANSPORT_ERROR, message, allow);
    }

    /** This rejection with {@code header} added to its response. */
    public Rejection withHeader(HttpField header) {
        Objects.requireNonNull(header, "header");
        return new Rejection(status, code, message, allow,
                java.util.stream.Stream.concat(headers.stream(), java.util.stream.Stream.of(header)).toList());
    }
}
