package io.shadowcat.proxy;

import io.shadowcat.jsonrpc.JsonRpcError;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests refused before any handler saw them (a header block or request line too large, a malformed message),
 * answered on the MCP endpoint's port as the proxy answers everything on its path: the HTTP status and a JSON-RPC
 * error ({@link JsonRpcError#TRANSPORT_ERROR}, id null: the body was never read), logged once. One wording for both
 * data planes: Jetty's server error handler is wrapped by {@link #install}, the Netty plane's decoder refusals use
 * {@link #describe}. Other connectors (the admin port) keep the handler the server had.
 */
public final class TransportErrors {
    private static final Logger LOG = LoggerFactory.getLogger(TransportErrors.class);

    private TransportErrors() {
    }

    /** What the client is told for a refusal with {@code status}; {@code detail} is the parser's own account. */
    static String describe(int status, String detail) {
        String what = switch (status) {
            case 414 -> "request line too long";
            case 431 -> "request header block too large";
            case 413 -> "request too large";
            case 400 -> "malformed HTTP request";
            default -> "HTTP " + status + " " + HttpStatus.getMessage(status);
        };
        return detail == null || detail.isBlank() ? what : what + ": " + detail;
    }

    /**
     * Wraps {@code server}'s error handler: what reaches it from the connector {@code mcp} serves (messages refused
     * before any handler, on the MCP path or on one the parser never got to, as with a request line too long) is
     * answered with a JSON-RPC error. The application's own resources on that port answer their errors in their
     * context and never come here.
     */
    public static void install(Server server, McpProxyHandler mcp) {
        Request.Handler fallback = server.getErrorHandler();
        server.setErrorHandler(jettyHandler(mcp, fallback != null ? fallback : new ErrorHandler()));
    }

    private static Request.Handler jettyHandler(McpProxyHandler mcp, Request.Handler fallback) {
        return (request, response, callback) -> {
            if (!mcp.onServedConnector(request)) {
                return fallback.handle(request, response, callback);
            }
            int status = request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer code ? code : response.getStatus();
            Object detail = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
            // Jetty's detail is often just the status's reason phrase: said once, not twice.
            boolean onlyReason = detail == null || detail.toString().equalsIgnoreCase(HttpStatus.getMessage(status));
            String message = describe(status, onlyReason ? null : detail.toString());
            // Logged once, at the level the Netty plane logs its own refusals.
            LOG.info("P2C {} {}: {}", request.getConnectionMetaData().getRemoteSocketAddress(), status, message);
            byte[] body = JsonRpcError.body(null, JsonRpcError.TRANSPORT_ERROR, message);
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON.asString());
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        };
    }
}
