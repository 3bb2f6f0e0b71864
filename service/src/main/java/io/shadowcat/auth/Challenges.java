package io.shadowcat.auth;

import io.shadowcat.jsonrpc.JsonRpcError;
import io.shadowcat.proxy.Rejection;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * The refusals of the auth stage with their {@code WWW-Authenticate} challenges (RFC 6750 §3, RFC 9728
 * §5.1): every 401 names the resource metadata and, when scopes are required, the scope. Immutable.
 */
final class Challenges {
    private final String resourceMetadata;
    private final String scope;

    Challenges(String resourceMetadata, List<String> requiredScopes) {
        this.resourceMetadata = Objects.requireNonNull(resourceMetadata, "resourceMetadata");
        this.scope = String.join(" ", requiredScopes);
    }

    /** No credentials at all: a bare challenge, no error code (RFC 6750 §3.1). */
    Rejection missingToken() {
        return rejection(401, JsonRpcError.UNAUTHORIZED, "a bearer token is required",
                "Bearer resource_metadata=\"" + resourceMetadata + "\"" + scopeParameter());
    }

    Rejection invalidToken(String description) {
        return rejection(401, JsonRpcError.UNAUTHORIZED, "invalid bearer token: " + description,
                "Bearer error=\"invalid_token\", error_description=\"" + quoted(description) + "\", resource_metadata=\""
                        + resourceMetadata + "\"" + scopeParameter());
    }

    Rejection invalidRequest(String description) {
        return rejection(400, JsonRpcError.INVALID_REQUEST, description,
                "Bearer error=\"invalid_request\", error_description=\"" + quoted(description) + "\", resource_metadata=\""
                        + resourceMetadata + "\"");
    }

    Rejection insufficientScope() {
        return rejection(403, JsonRpcError.FORBIDDEN, "the token lacks the required scope: " + scope,
                "Bearer error=\"insufficient_scope\", scope=\"" + scope + "\", resource_metadata=\"" + resourceMetadata + "\"");
    }

    static Rejection unavailable() {
        return Rejection.of(503, JsonRpcError.INTERNAL_ERROR, "tokens cannot be checked now: no signing keys, or the introspection endpoint does not answer");
    }

    private String scopeParameter() {
        return scope.isEmpty() ? "" : ", scope=\"" + scope + "\"";
    }

    private static String quoted(String text) {
        return text.replace("\\", "").replace("\"", "'");
    }

    private static Rejection rejection(int status, int code, String message, String challenge) {
        return Rejection.of(status, code, message).withHeader(new PreEncodedHttpField(HttpHeader.WWW_AUTHENTICATE, challenge));
    }
}
