package io.shadowcat.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultMaxMessagesRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.ServerChannelRecvByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.shadowcat.upstream.Upstream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.component.Graceful;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application port on Netty event loops ({@code proxy.dataPlane: netty}): one loop per core, each client
 * connection served by the loop that accepted it. Requests are read by Netty's HTTP/1.1 decoder and passed to the
 * Jetty server over loopback (its application connector, moved to an ephemeral loopback port that speaks the PROXY
 * protocol, so Jetty sees each client's own address), streaming both ways; see {@link ClientChannel}.
 *
 * <p>Lifecycle: the listening socket is bound as the server starts, so a taken port fails the start, and accepts
 * connections once Jetty's connector is open. Graceful: {@link #shutdown()} stops accepting; connections open
 * then are served until the Jetty server has finished its own graceful shutdown and closes them.
 */
public final class NettyDataPlane extends AbstractLifeCycle implements Graceful {
    private static final Logger LOG = LoggerFactory.getLogger(NettyDataPlane.class);
    /** New connections the listener accepts per pass of its loop: a burst is taken in without starving the others. */
    static final int ACCEPTS_PER_PASS = 64;

    private final InetSocketAddress address;
    private final int loops;
    private final Duration idleTimeout;
    private final int maxHeaderBytes;
    private final String connectorName;
    private final ProxyContext context;
    private final McpProxyHandler mcp;
    private final String path;
    /** Whether MCP requests are served on the loops (no {@link #loopRefusal} for the upstreams). */
    private volatile boolean onLoop;
    private final boolean epoll = Epoll.isAvailable();
    private final ChannelGroup clients = new DefaultChannelGroup("shadowcat-clients", GlobalEventExecutor.INSTANCE);
    /** The client connections' own connections to Jetty that are open now. */
    private final ChannelGroup jettyLegs = new DefaultChannelGroup("shadowcat-jetty-legs", GlobalEventExecutor.INSTANCE);
    private volatile EventLoopGroup group;
    private volatile Channel listener;
    private volatile InetSocketAddress jetty;
    private volatile boolean shutdown;
    private final LongAdder onLoopRequests = new LongAdder();
    private final LongAdder jettyRequests = new LongAdder();
    private final LongAdder accepted = new LongAdder();

    /**
     * @param address        where clients connect: the application connector's configured address
     * @param loops          event loops (at least one; {@link ProxyFactory} resolves its 0 to one per core)
     * @param idleTimeout    how long a client connection may stay idle between requests
     * @param maxHeaderBytes the largest request line and header block read
     * @param connectorName  the Jetty connector requests are passed to
     * @param mcp            the MCP endpoint on that connector, whose stages the loops share
     */
    NettyDataPlane(InetSocketAddress address, int loops, Duration idleTimeout, int maxHeaderBytes, String connectorName,
                   McpProxyHandler mcp) {
        this.address = Objects.requireNonNull(address, "address");
        if (loops < 1) {
            throw new IllegalArgumentException("at least one event loop: " + loops);
        }
        this.loops = loops;
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        this.maxHeaderBytes = maxHeaderBytes;
        this.connectorName = Objects.requireNonNull(connectorName, "connectorName");
        this.context = mcp.context();
        this.mcp = mcp;
        this.path = mcp.path();
    }

    @Override
    protected void doStart() throws Exception {
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(loops, io);
        Class<? extends ServerChannel> serverChannel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            // Netty's default samples one buffer in 128 for leak tracking and fills in a stack trace for it: about
            // 1.5% of the loop's CPU under load. Setting the property (as the tests do) turns it back on.
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        listener = new ServerBootstrap().group(group).channel(serverChannel)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, acceptsPerPass())
                // Nothing is accepted until Jetty's connector is open (jettyStarted).
                .option(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        clients.add(channel);
                        accepted.increment();
                        channel.pipeline().addLast(
                                new HttpServerCodec(maxHeaderBytes, maxHeaderBytes, 8192),
                                new ClientChannel(NettyDataPlane.this));
                    }
                })
                .bind(address).sync().channel();
        LOG.info("MCP data plane on Netty ({}, {} event loops) listening on {}", epoll ? "epoll" : "NIO", loops,
                listener.localAddress());
    }

    /**
     * Up to {@link #ACCEPTS_PER_PASS} new connections per pass of the listener's loop. Netty's default for a listening
     * socket takes one per pass (it cannot tell whether more are waiting, so it stops after each): under load, with a
     * pass serving hundreds of connections, a burst of 1,000 new ones waited seconds in the listen queue.
     */
    private static RecvByteBufAllocator acceptsPerPass() {
        DefaultMaxMessagesRecvByteBufAllocator accepts = new ServerChannelRecvByteBufAllocator().respectMaybeMoreData(false);
        accepts.maxMessagesPerRead(ACCEPTS_PER_PASS);
        return accepts;
    }

    /** Called once the Jetty server has started: requests can be passed to its connector from now on. */
    public void jettyStarted(Server server) {
        for (Connector connector : server.getConnectors()) {
            if (connectorName.equals(connector.getName()) && connector instanceof NetworkConnector network) {
                jetty = new InetSocketAddress("127.0.0.1", network.getLocalPort());
            }
        }
        if (jetty == null) {
            throw new IllegalStateException("no open connector named '" + connectorName + "' to pass requests to");
        }
        String refusal = loopRefusal(context.upstreams().all(), loops);
        onLoop = refusal == null;
        if (refusal != null) {
            LOG.info("MCP data plane on Netty: every request goes through Jetty ({})", refusal);
        }
        listener.config().setAutoRead(true);
    }

    /**
     * Why the loops cannot serve requests to {@code upstreams} themselves (every request then goes through Jetty), or
     * {@code null} when they can: every upstream is plain {@code http} over HTTP/1.1 (an embedded one is) and allows at
     * least one connection per loop (each loop keeps its own share; a limit below the loops' count cannot be split).
     */
    static String loopRefusal(Collection<Upstream> upstreams, int loops) {
        for (Upstream upstream : upstreams) {
            URI endpoint = upstream.endpoint();
            if (endpoint != null && !"http".equals(endpoint.getScheme()) || upstream.client() == null
                    || !(upstream.client().getTransport() instanceof HttpClientTransportOverHTTP)) {
                return "upstream " + upstream.name() + " is not plain http over HTTP/1.1";
            }
            if (upstream.client().getMaxConnectionsPerDestination() < loops) {
                return "upstream " + upstream.name() + " allows fewer connections than there are event loops, " + loops;
            }
        }
        return null;
    }

    /** Whether an MCP request may be served on the loop: the plane is not shutting down, the upstreams allow. */
    boolean servesOnLoop() {
        return onLoop && !shutdown;
    }

    /** Requests served on the event loops so far. */
    public long requestsOnLoop() {
        return onLoopRequests.sum();
    }

    /** Client connections accepted since the start. */
    public long connectionsAccepted() {
        return accepted.sum();
    }

    /** The event loop the listening socket is served on. */
    EventLoop listenerLoop() {
        return listener.eventLoop();
    }

    /** Requests passed to Jetty so far. */
    public long requestsToJetty() {
        return jettyRequests.sum();
    }

    /** Client connections' connections to Jetty open now (each is closed once it has been quiet for a while). */
    public int jettyConnections() {
        return jettyLegs.size();
    }

    /** Upstream calls whose deadlines the loops watch now, each loop asked on its own thread. */
    public int watchedCalls() throws InterruptedException, java.util.concurrent.ExecutionException {
        int watched = 0;
        for (io.netty.util.concurrent.EventExecutor loop : group) {
            watched += loop.submit(() -> CallTimeouts.onLoop((io.netty.channel.EventLoop) loop).size()).get();
        }
        return watched;
    }

    void jettyLegOpened(Channel leg) {
        jettyLegs.add(leg);
    }

    /** An exchange served on a loop has ended. */
    void exchangeEnded() {
        mcp.afterExchange();
    }

    void servedOnLoop() {
        onLoopRequests.increment();
    }

    void passedToJetty() {
        jettyRequests.increment();
    }

    ProxyContext context() {
        return context;
    }

    /** How long a client connection may stay idle between requests. */
    Duration idleTimeout() {
        return idleTimeout;
    }

    /** The MCP endpoint's path. */
    String path() {
        return path;
    }

    int loops() {
        return loops;
    }

    /** The port clients connect to (the one bound, when configured as 0). */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Where requests not served on the loop go: Jetty's connector, on loopback. */
    InetSocketAddress jetty() {
        return jetty;
    }

    /** The socket channel class for connections this data plane opens. */
    Class<? extends Channel> socketChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        shutdown = true;
        Channel bound = listener;
        if (bound != null) {
            bound.close().syncUninterruptibly();
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    protected void doStop() throws Exception {
        shutdown();
        clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        EventLoopGroup stopping = group;
        if (stopping != null) {
            stopping.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }
}
