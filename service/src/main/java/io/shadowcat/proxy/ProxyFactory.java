package io.shadowcat.proxy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.shadowcat.jsonrpc.EnvelopeParser;
import io.shadowcat.metrics.ProxyMetrics;
import io.shadowcat.session.Sessions;
import io.shadowcat.upstream.Upstreams;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;

/**
 * The {@code proxy:} block of the configuration: the MCP endpoint and the HTTP client towards the
 * upstreams.
 */
public class ProxyFactory {
    @NotNull
    @Pattern(regexp = "/.*", message = "must start with /")
    private String path = "/mcp";

    @NotNull
    private DataSize maxRequestSize = DataSize.mebibytes(4);

    @NotNull
    private List<String> allowedOrigins = List.of("http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*");

    @NotNull
    private Duration connectTimeout = Duration.seconds(5);

    @NotNull
    private Duration responseTimeout = Duration.seconds(60);

    @NotNull
    private Duration idleTimeout = Duration.minutes(5);

    @Min(1)
    private int maxConnectionsPerUpstream = 512;

    @Min(1)
    private int maxQueuedRequestsPerUpstream = 4096;

    @JsonProperty
    public String getPath() {
        return path;
    }

    @JsonProperty
    public void setPath(String path) {
        this.path = path;
    }

    @JsonProperty
    public DataSize getMaxRequestSize() {
        return maxRequestSize;
    }

    @JsonProperty
    public void setMaxRequestSize(DataSize maxRequestSize) {
        this.maxRequestSize = maxRequestSize;
    }

    @JsonProperty
    public List<String> getAllowedOrigins() {
        return allowedOrigins;
    }

    @JsonProperty
    public void setAllowedOrigins(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
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
    public Duration getResponseTimeout() {
        return responseTimeout;
    }

    @JsonProperty
    public void setResponseTimeout(Duration responseTimeout) {
        this.responseTimeout = responseTimeout;
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
    public int getMaxConnectionsPerUpstream() {
        return maxConnectionsPerUpstream;
    }

    @JsonProperty
    public void setMaxConnectionsPerUpstream(int maxConnectionsPerUpstream) {
        this.maxConnectionsPerUpstream = maxConnectionsPerUpstream;
    }

    @JsonProperty
    public int getMaxQueuedRequestsPerUpstream() {
        return maxQueuedRequestsPerUpstream;
    }

    @JsonProperty
    public void setMaxQueuedRequestsPerUpstream(int maxQueuedRequestsPerUpstream) {
        this.maxQueuedRequestsPerUpstream = maxQueuedRequestsPerUpstream;
    }

    /**
     * The HTTP client towards the upstreams. It passes content through untouched (no decoding, no
     * redirects, no cookies, no user agent of its own). The caller manages its lifecycle and should
     * give it the server's thread pool and scheduler before it starts, as the proxy does: one pool for
     * both legs means no hand-off between pools on the hot path.
     */
    public HttpClient buildClient() {
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        connector.setConnectTimeout(connectTimeout.toJavaDuration());
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new org.eclipse.jetty.http.HttpCookieStore.Empty());
        client.setUserAgentField(null);
        client.setMaxConnectionsPerDestination(maxConnectionsPerUpstream);
        client.setMaxRequestsQueuedPerDestination(maxQueuedRequestsPerUpstream);
        client.setIdleTimeout(idleTimeout.toMilliseconds());
        client.getContentDecoderFactories().clear();
        return client;
    }

    /**
     * The MCP endpoint handler.
     *
     * @param connectorName the connector whose requests it serves ({@code null}: all)
     * @param auth          the auth stage ({@link ExchangeAuth#ANONYMOUS} when authentication is off)
     * @param rateLimit     the rate-limit stage ({@link ExchangeCheck#PASS} when there are no limits)
     * @param policy        the policy stage ({@link ExchangeCheck#PASS} when there is no policy)
     */
    public McpProxyHandler buildHandler(String connectorName, HttpClient client, Sessions sessions, Upstreams upstreams,
                                        ProxyMetrics metrics, ExchangeAuth auth, ExchangeCheck rateLimit,
                                        ExchangeCheck policy) {
        ProxySettings settings = new ProxySettings(maxRequestSize.toBytes(), responseTimeout.toJavaDuration(),
                idleTimeout.toJavaDuration());
        ProxyContext context = new ProxyContext(settings, new EnvelopeParser(), new OriginPolicy(allowedOrigins),
                sessions, upstreams, client, auth, rateLimit, policy, metrics);
        return new McpProxyHandler(path, connectorName, context);
    }
}
