package io.shadowcat.policy;

import io.shadowcat.auth.McpPrincipal;
import io.shadowcat.jsonrpc.JsonRpcEnvelope;
import io.shadowcat.proxy.AdmissionRequest;
import io.shadowcat.session.SessionToken;
import java.time.Clock;

/**
 * What conditions are tested against: one request, seen as a call of {@code method} on {@code name}.
 * For the request itself these are its envelope's method and name; when a list result is filtered, each
 * entry is tested as the call that would use it. Confined to one evaluation.
 */
public final class PolicyFacts {
    private final AdmissionRequest request;
    private final Clock clock;
    private String method;
    private String name;

    PolicyFacts(AdmissionRequest request, Clock clock) {
        this.request = request;
        this.clock = clock;
        JsonRpcEnvelope envelope = request.envelope();
        this.method = envelope == null ? null : envelope.method();
        this.name = envelope == null ? null : envelope.name();
    }

    /** Sees the request as a call of {@code callMethod} on {@code callName} (list filtering). */
    PolicyFacts as(String callMethod, String callName) {
        this.method = callMethod;
        this.name = callName;
        return this;
    }

    /** The JSON-RPC method, or {@code null} for GET, DELETE and responses. */
    public String method() {
        return method;
    }

    /** The tool or prompt name or resource URI from {@code params}, or {@code null}. */
    public String name() {
        return name;
    }

    public AdmissionRequest request() {
        return request;
    }

    /** The authenticated principal, or {@code null} when anonymous. */
    public McpPrincipal principal() {
        return request.principal();
    }

    /** Seconds since the request's session was opened, or -1 when it has no (known) session. */
    public long sessionAgeSeconds() {
        SessionToken session = request.session();
        return session == null ? -1 : clock.instant().getEpochSecond() - session.issuedAt().getEpochSecond();
    }
}
