package io.shadowcat.proxy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.DataSizeUnit;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MinDataSize;
import io.shadowcat.jsonrpc.EnvelopeParser;
import io.shadowcat.metrics.ProxyMetrics;
import io.shadowcat.session.Sessions;
import io.shadowcat.upstream.PoolDefaults;
import io.shadowcat.upstream.Upstreams;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code proxy:} block of the configuration: the MCP endpoint, its timeouts, and the connection
 * pool settings every upstream gets unless its own {@code pool:} block says otherwise.
 */
public class ProxyFactory {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyFactory.class);

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

    @NotNull
    private Duration sseKeepAlive = Duration.seconds(15);

    @NotNull
    private Duration queueTimeout = Duration.seconds(1);

    @NotNull
    private Duration queueTarget = Duration.milliseconds(100);

    @Min(1)
    private int maxConnectionsPerUpstream = 128;

    @Min(1)
    private int maxQueuedRequestsPerUpstream = 1024;

    /** Selector threads per upstream: two where there are two cores or more. */
    @Min(1)
    private int upstreamSelectors = Math.min(2, Runtime.getRuntime().availableProcessors());

    private boolean cacheHeaderFields = false;

    @Min(0)
    private int headerCacheConnections = 64;

    @NotNull
    @MinDataSize(value = 128, unit = DataSizeUnit.BYTES)
    @MaxDataSize(value = 64, unit = DataSizeUnit.KIBIBYTES)
    private DataSize headerCacheSize = DataSize.kibibytes(1);

    @NotNull
    @Pattern(regexp = "auto|jetty|netty", message = "must be auto, jetty or netty")
    private String dataPlane = "auto";

    @Min(0)
    private int eventLoops = 0;

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
    public int getUpstreamSelectors() {
        return upstreamSelectors;
    }

    @JsonProperty
    public void setUpstreamSelectors(int upstreamSelectors) {
        this.upstreamSelectors = upstreamSelectors;
    }

    @JsonProperty
    public int getMaxQueuedRequestsPerUpstream() {
        return maxQueuedRequestsPerUpstream;
    }

    @JsonProperty
    public void setMaxQueuedRequestsPerUpstream(int maxQueuedRequestsPerUpstream) {
        this.maxQueuedRequestsPerUpstream = maxQueuedRequestsPerUpstream;
    }

    @JsonProperty
    public Duration getSseKeepAlive() {
        return sseKeepAlive;
    }

    @JsonProperty
    public void setSseKeepAlive(Duration sseKeepAlive) {
        this.sseKeepAlive = sseKeepAlive;
    }

    @JsonProperty
    public Duration getQueueTimeout() {
        return queueTimeout;
    }

    @JsonProperty
    public void setQueueTimeout(Duration queueTimeout) {
        this.queueTimeout = queueTimeout;
    }

    @JsonProperty
    public Duration getQueueTarget() {
        return queueTarget;
    }

    @JsonProperty
    public void setQueueTarget(Duration queueTarget) {
        this.queueTarget = queueTarget;
    }

    /**
     * Whether every client connection of the MCP connectors keeps Jetty's cache of request header fields, sized by
     * the connector's {@code headerCacheSize}. Off by default: the cache is a table of 48 characters per byte of that
     * size, held by every client connection that has sent a second request, about 49 KB at Dropwizard's 512 bytes,
     * which is too small to hold a RS256 bearer token; instead, busy connections get one of
     * {@link #getHeaderCacheSize()} up to {@link #getHeaderCacheConnections()} at a time.
     */
    @JsonProperty
    public boolean isCacheHeaderFields() {
        return cacheHeaderFields;
    }

    @JsonProperty
    public void setCacheHeaderFields(boolean cacheHeaderFields) {
        this.cacheHeaderFields = cacheHeaderFields;
    }

    /**
     * How many client connections at most hold a header field cache at once (0: none), when
     * {@link #isCacheHeaderFields()} is off: a connection qualifies from its
     * {@value HeaderFieldCaches#QUALIFYING_REQUESTS}th request and keeps it until it closes. The cache halves the
     * parse of a request's header block when the bearer token fits in it (about 4.5 µs less per request for a RS256
     * token) and costs about 98 KB per connection at 1 KiB, so at most this many × that in all.
     */
    @JsonProperty
    public int getHeaderCacheConnections() {
        return headerCacheConnections;
    }

    @JsonProperty
    public void setHeaderCacheConnections(int headerCacheConnections) {
        this.headerCacheConnections = headerCacheConnections;
    }

    /** The size of each busy connection's header field cache: longer fields (a bigger token) are not cached. */
    @JsonProperty
    public DataSize getHeaderCacheSize() {
        return headerCacheSize;
    }

    @JsonProperty
    public void setHeaderCacheSize(DataSize headerCacheSize) {
        this.headerCacheSize = headerCacheSize;
    }

    /**
     * Which serves the application port: {@code netty} (event loops in front of Jetty's connector, see
     * {@link NettyDataPlane}; the connector then listens on an ephemeral loopback port for them), {@code jetty} (its
     * connector alone), or {@code auto} (the default): {@code netty} where the configuration allows it, else
     * {@code jetty}; see {@link #buildDataPlane}.
     */
    @JsonProperty
    public String getDataPlane() {
        return dataPlane;
    }

    @JsonProperty
    public void setDataPlane(String dataPlane) {
        this.dataPlane = dataPlane;
    }

    /** Event loops of the Netty data plane: 0 for one per core. */
    @JsonProperty
    public int getEventLoops() {
        return eventLoops;
    }

    @JsonProperty
    public void setEventLoops(int eventLoops) {
        this.eventLoops = eventLoops;
    }

    /**
     * The Netty data plane, or empty for Jetty's connector alone. It takes the address of the server's one application
     * connector (a plain HTTP one), which moves to an ephemeral loopback port that expects the PROXY protocol; to be
     * called before the server is built. The loops share {@code mcp}'s stages.
     *
     * <p>{@code netty} refuses a server it cannot front. {@code auto} picks Jetty's connector, saying why at start,
     * where the Netty plane would refuse, where it would only pass requests on to Jetty (no upstream it can reach
     * from the loops, see {@link NettyDataPlane#loopRefusal}), and where the request log is on: requests served on
     * the loops do not pass Jetty's request log.
     *
     * @throws IllegalArgumentException when {@code netty} is asked for and the server has not exactly one plain HTTP
     *                                  application connector reading clients' addresses from their connections
     */
    public Optional<NettyDataPlane> buildDataPlane(ServerFactory serverFactory, String connectorName, McpProxyHandler mcp) {
        if ("jetty".equals(dataPlane)) {
            return Optional.empty();
        }
        boolean auto = "auto".equals(dataPlane);
        String refusal = connectorRefusal(serverFactory);
        if (refusal != null && !auto) {
            throw new IllegalArgumentException("proxy.dataPlane: netty " + refusal);
        }
        boolean requestLog = serverFactory instanceof AbstractServerFactory server && server.getRequestLogFactory().isEnabled();
        int loops = eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
        if (auto) {
            String jettyBecause = refusal != null ? "Netty " + refusal
                    : requestLog ? "the request log is on (server.requestLog.appenders), and requests served on the "
                    + "Netty event loops would be missing from it"
                    : NettyDataPlane.loopRefusal(mcp.context().upstreams().all(), loops);
            if (jettyBecause != null) {
                LOG.info("proxy.dataPlane: auto chose Jetty's connector: {}", jettyBecause);
                return Optional.empty();
            }
        } else if (requestLog) {
            LOG.warn("proxy.dataPlane: netty with the request log on: requests served on the event loops are not in it "
                    + "(only those passed to Jetty are)");
        }
        HttpConnectorFactory http = (HttpConnectorFactory) ((DefaultServerFactory) serverFactory).getApplicationConnectors().get(0);
        String host = http.getBindHost();
        InetSocketAddress address = host == null || host.isEmpty()
                ? new InetSocketAddress(http.getPort()) : new InetSocketAddress(host, http.getPort());
        http.setBindHost("127.0.0.1");
        http.setPort(0);
        http.setUseProxyProtocol(true);
        io.dropwizard.util.Duration clientIdle = http.getIdleTimeout();
        // The data plane closes an idle client connection (and its connection to Jetty) first: Jetty never closes one
        // just as a request is on its way to it.
        http.setIdleTimeout(io.dropwizard.util.Duration.milliseconds(2 * clientIdle.toMilliseconds()));
        return Optional.of(new NettyDataPlane(address, loops, clientIdle.toJavaDuration(),
                Math.toIntExact(http.getMaxRequestHeaderSize().toBytes()), connectorName, mcp));
    }

    /** Why the Netty data plane cannot front {@code serverFactory}'s application port, or {@code null} when it can. */
    private static String connectorRefusal(ServerFactory serverFactory) {
        List<ConnectorFactory> connectors = serverFactory instanceof DefaultServerFactory server
                ? server.getApplicationConnectors() : List.of();
        if (connectors.size() != 1 || connectors.get(0).getClass() != HttpConnectorFactory.class) {
            return "needs server.applicationConnectors to be one connector of type http (the default server type)";
        }
        if (((HttpConnectorFactory) connectors.get(0)).isUseForwardedHeaders()) {
            return "reads each client's address from its connection; set useForwardedHeaders: false on the "
                    + "application connector";
        }
        return null;
    }

    /**
     * Applies the settings that live on the server's connectors named {@code connectorName} (see
     * {@link #isCacheHeaderFields()}); to be called before they start.
     */
    public void configureConnectors(Server server, String connectorName) {
        for (Connector connector : server.getConnectors()) {
            if (connectorName.equals(connector.getName())) {
                // Contained, not direct: Dropwizard wraps the HTTP factory in one that times connections.
                for (HttpConnectionFactory http : connector.getContainedBeans(HttpConnectionFactory.class)) {
                    // Jetty's cache matches values ignoring case by default, and a hit then stands for the
                    // bytes sent: a bearer token with one letter's case changed would be read as the cached one.
                    http.getHttpConfiguration().setHeaderCacheCaseSensitive(true);
                    if (!cacheHeaderFields) {
                        http.getHttpConfiguration().setHeaderCacheSize(0);
                    }
                }
            }
        }
    }

    /** The pool settings of every upstream whose own {@code pool:} block leaves them out. */
    public PoolDefaults poolDefaults() {
        return new PoolDefaults(connectTimeout.toJavaDuration(), idleTimeout.toJavaDuration(), maxConnectionsPerUpstream,
                maxQueuedRequestsPerUpstream, upstreamSelectors);
    }

    /**
     * The MCP endpoint handler.
     *
     * @param connectorName the connector whose requests it serves ({@code null}: all)
     * @param auth          the auth stage ({@link ExchangeAuth#ANONYMOUS} when authentication is off)
     * @param rateLimit     the rate-limit stage ({@link ExchangeCheck#PASS} when there are no limits)
     * @param policy        the policy stage ({@link ExchangeCheck#PASS} when there is no policy)
     */
    public McpProxyHandler buildHandler(String connectorName, Sessions sessions, Upstreams upstreams,
                                        ProxyMetrics metrics, ExchangeAuth auth, ExchangeCheck rateLimit,
                                        ExchangeCheck policy) {
        ProxySettings settings = new ProxySettings(maxRequestSize.toBytes(), responseTimeout.toJavaDuration(),
                idleTimeout.toJavaDuration(), sseKeepAlive.toJavaDuration(), queueTimeout.toJavaDuration(),
                queueTarget.toJavaDuration());
        ProxyContext context = new ProxyContext(settings, new EnvelopeParser(), new OriginPolicy(allowedOrigins),
                sessions, upstreams, auth, rateLimit, policy, metrics);
        HeaderFieldCaches headerCaches = cacheHeaderFields || headerCacheConnections == 0 ? HeaderFieldCaches.NONE
                : new HeaderFieldCaches(headerCacheConnections, Math.toIntExact(headerCacheSize.toBytes()));
        return new McpProxyHandler(path, connectorName, context, headerCaches);
    }
}
