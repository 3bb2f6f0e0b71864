package io.shadowcat.bench;

import io.shadowcat.auth.McpPrincipal;
import io.shadowcat.jsonrpc.JsonRpcEnvelope;
import io.shadowcat.protocol.ProtocolVersion;
import io.shadowcat.proxy.AdmissionRequest;
import io.shadowcat.proxy.ListFilter;
import io.shadowcat.proxy.UpstreamHeaderEdit;
import io.shadowcat.session.SessionToken;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/** A fixed request for the admission-stage benchmarks; the effects checks leave are dropped. */
final class BenchRequest implements AdmissionRequest {
    private final HttpFields headers;
    private final JsonRpcEnvelope envelope;
    private final McpPrincipal principal;
    private final SessionToken session;

    BenchRequest(HttpFields headers, JsonRpcEnvelope envelope, McpPrincipal principal, SessionToken session) {
        this.headers = headers;
        this.envelope = envelope;
        this.principal = principal;
        this.session = session;
    }

    @Override
    public HttpFields headers() {
        return headers;
    }

    @Override
    public JsonRpcEnvelope envelope() {
        return envelope;
    }

    @Override
    public ProtocolVersion version() {
        return ProtocolVersion.ASSUMED_WHEN_ABSENT;
    }

    @Override
    public String clientAddress() {
        return "127.0.0.1";
    }

    @Override
    public McpPrincipal principal() {
        return principal;
    }

    @Override
    public SessionToken session() {
        return session;
    }

    @Override
    public String upstream() {
        return "demo";
    }

    @Override
    public void addResponseHeader(HttpField header) {
    }

    @Override
    public void editUpstreamHeaders(UpstreamHeaderEdit edit) {
    }

    @Override
    public void filterListResult(ListFilter filter) {
    }
}
