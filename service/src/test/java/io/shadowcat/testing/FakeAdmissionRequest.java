package io.shadowcat.testing;

import io.shadowcat.auth.McpPrincipal;
import io.shadowcat.jsonrpc.JsonRpcEnvelope;
import io.shadowcat.protocol.ProtocolVersion;
import io.shadowcat.proxy.AdmissionRequest;
import io.shadowcat.proxy.ListFilter;
import io.shadowcat.proxy.UpstreamHeaderEdit;
import io.shadowcat.session.SessionToken;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/** An admission request built field by field, recording the effects checks leave on it. */
public final class FakeAdmissionRequest implements AdmissionRequest {
    public HttpFields.Mutable headers = HttpFields.build();
    public JsonRpcEnvelope envelope;
    public ProtocolVersion version = ProtocolVersion.ASSUMED_WHEN_ABSENT;
    public String clientAddress = "127.0.0.1";
    /** The address as the connection holds it, or {@code null} for none (checks then read {@link #clientAddress}). */
    public InetAddress clientInetAddress;
    public McpPrincipal principal;
    public SessionToken session;
    public String upstream = "demo";
    public final List<HttpField> responseHeaders = new ArrayList<>();
    public final List<UpstreamHeaderEdit> edits = new ArrayList<>();
    public ListFilter listFilter;

    /** A request for {@code method} naming {@code name} (or none). */
    public static FakeAdmissionRequest call(String method, String name) {
        FakeAdmissionRequest request = new FakeAdmissionRequest();
        request.envelope = new JsonRpcEnvelope(JsonRpcEnvelope.Kind.REQUEST, "7", method, name, null);
        return request;
    }

    public FakeAdmissionRequest as(McpPrincipal who) {
        this.principal = who;
        return this;
    }

    /** The upstream headers after applying every recorded edit to {@code initial}. */
    public HttpFields upstreamHeaders(HttpFields initial) {
        HttpFields.Mutable headers = HttpFields.build(initial);
        edits.forEach(edit -> edit.apply(headers));
        return headers;
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
        return version;
    }

    @Override
    public String clientAddress() {
        return clientAddress;
    }

    @Override
    public InetAddress clientInetAddress() {
        return clientInetAddress;
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
        return upstream;
    }

    @Override
    public void addResponseHeader(HttpField header) {
        responseHeaders.add(header);
    }

    @Override
    public void editUpstreamHeaders(UpstreamHeaderEdit edit) {
        edits.add(edit);
    }

    @Override
    public void filterListResult(ListFilter filter) {
        listFilter = filter;
    }
}
