package io.shadowcat.upstream;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/**
 * An upstream's {@code pool:} block: its own Jetty HTTP client and connection pool. Settings left out
 * take the proxy-wide values ({@link PoolDefaults}); {@code protocol} is {@code http1} (HTTP/1.1,
 * one request per connection at a time) or {@code h2c} (cleartext HTTP/2 with prior knowledge, many
 * requests per connection).
 */
public class PoolFactory {
    /** The wire protocol towards the upstream. */
    public enum Protocol { HTTP1, H2C }

    @Min(1)
    private Integer maxConnections;

    @Min(1)
    private Integer maxQueuedRequests;

    private Duration idleTimeout;

    private Duration connectTimeout;

    @Min(1)
    private Integer selectors;

    @NotNull
    private Protocol protocol = Protocol.HTTP1;

    @JsonProperty
    public Integer getMaxConnections() {
        return maxConnections;
    }

    @JsonProperty
    public void setMaxConnections(Integer maxConnections) {
        this.maxConnections = maxConnections;
    }

    @JsonProperty
    public Integer getMaxQueuedRequests() {
        return maxQueuedRequests;
    }

    @JsonProperty
    public void setMaxQueuedRequests(Integer maxQueuedRequests) {
        this.maxQueuedRequests = maxQueuedRequests;
    }

    @JsonProperty
    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    @JsonProperty
    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    @JsonProperty
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    @JsonProperty
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    @JsonProperty
    public Integer getSelectors() {
        return selectors;
    }

    @JsonProperty
    public void setSelectors(Integer selectors) {
        this.selectors = selectors;
    }

    @JsonProperty
    public Protocol getProtocol() {
        return protocol;
    }

    @JsonProperty
    public void setProtocol(Protocol protocol) {
        this.protocol = protocol;
    }

    /**
     * The upstream's HTTP client, not started. It passes content through untouched (no decoding, no
     * redirects, no cookies, no user agent of its own). The caller manages its lifecycle and should give
     * it the server's thread pool and scheduler before it starts, as the proxy does: one pool for both
     * legs means no hand-off between pools on the hot path.
     */
    public HttpClient buildClient(String upstreamName, PoolDefaults defaults) {
        ClientConnector connector = new ClientConnector();
        // Upstream responses are parsed and relayed to clients on these threads (see below): with one, a
        // single thread did that for every exchange and limited the proxy at 1,000 connections.
        connector.setSelectors(selectors == null ? defaults.selectors() : selectors);
        connector.setConnectTimeout(connectTimeout == null ? defaults.connectTimeout() : connectTimeout.toJavaDuration());
        HttpClientTransport transport = protocol == Protocol.H2C
                ? new HttpClientTransportOverHTTP2(new HTTP2Client(connector))
                : new HttpClientTransportOverHTTP(connector);
        // Every response listener the proxy and the health checks register is non-blocking (it parses,
        // writes asynchronously, or completes a future), so responses are handled on the selector thread
        // that read them instead of being handed to a pool thread first.
        transport.setInvocationType(InvocationType.NON_BLOCKING);
        HttpClient client = new HttpClient(transport);
        client.setName("upstream-" + upstreamName);
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setUserAgentField(null);
        int connections = maxConnections == null ? defaults.maxConnections() : maxConnections;
        int queued = maxQueuedRequests == null ? defaults.maxQueuedRequests() : maxQueuedRequests;
        client.setMaxConnectionsPerDestination(connections);
        // Every request passes through the client's queue, also while a connection for it is being opened:
        // its bound is the whole capacity, and the proxy refuses beyond it before the client is asked
        // (see Upstream#tryAcquire), so the client's own refusal never comes into play.
        client.setMaxRequestsQueuedPerDestination((int) Math.min(Integer.MAX_VALUE, (long) connections + queued));
        client.setIdleTimeout((idleTimeout == null ? defaults.idleTimeout() : idleTimeout.toJavaDuration()).toMillis());
        client.getContentDecoderFactories().clear();
        // A proxy passes 1xx, 3xx, 401 and 407 answers on as they are: none of the client's own handling of
        // them (redirects, authentication challenges, 100-continue), which it would otherwise consult for
        // every response.
        client.getProtocolHandlers().clear();
        return client;
    }
}
