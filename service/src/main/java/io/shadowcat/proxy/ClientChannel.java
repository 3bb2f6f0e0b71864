package io.shadowcat.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.shadowcat.jsonrpc.JsonRpcError;
import io.shadowcat.profiler.ExchangeTimer;
import io.shadowcat.session.OpenedSession;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of the {@link NettyDataPlane}, on the event loop that accepted it. An HTTP/1.1 request to the
 * MCP path, a POST of a declared length (a JSON-RPC message or batch, or a malformed body, refused there) or a GET
 * or DELETE without a body, is served on the loop by a {@link LoopExchange}. Every other request is passed to the
 * Jetty server over a connection of its own, opened at the first such request on the same loop (and closed once the
 * connection has been quiet for a while); the PROXY protocol header it starts with tells Jetty the client's address.
 * Request and response stream through as they arrive, with back-pressure both ways (a side's reads stop while the
 * other side cannot take more).
 *
 * <p>Requests are answered in order: one the client sends before the previous answer has ended (pipelining) is held
 * and read once it has. A request the decoder refuses (a malformed line, header block or chunk, or one too large)
 * is answered here with 400, 414 or 431 and a JSON-RPC error, and the connection closed: nothing after it on the
 * connection can be trusted to be read the way the client meant it.
 *
 * <p>Confined to its event loop.
 */
final class ClientChannel extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClientChannel.class);
    /**
     * The idle timeout: the watch looks {@value #IDLE_CHECKS} times per timeout and closes a connection quiet for
     * that many looks in a row, so between 1 and 1.25 times the timeout after its last read. A flag set per read is
     * all a request costs (Netty's IdleStateHandler read the clock on every read and listened to every write).
     */
    private static final int IDLE_CHECKS = 4;

    private final NettyDataPlane plane;
    private Channel client;
    /** The connection to Jetty, from the first request passed to it until it closes; null otherwise. */
    private Channel jetty;
    private boolean jettyOpen;
    /** Messages for Jetty received while its connection is being opened. */
    private final ArrayDeque<HttpObject> toOpeningJetty = new ArrayDeque<>();
    /** Messages of requests that arrived while an earlier one was being answered. */
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    /** The body of a request that may be served on the loop, as it arrives. */
    private Gathering gathering;
    /** The exchange served on the loop now. */
    private LoopExchange exchange;
    /** A request has been received (at least its head) and its answer has not ended. */
    private boolean answering;
    /** The answer to the current request has started (its status line is on its way to the client). */
    private boolean answerStarted;
    /** A 1xx response is being passed (its end is not the answer's end). */
    private boolean interim;
    private boolean closeAfterAnswer;
    /** The current request went to Jetty and its answer has not all been passed on yet. */
    private boolean fromJetty;
    /** This connection's last request was answered here and the connection is closing: nothing more is read. */
    private boolean refused;
    private boolean unflushed;
    /** Something was read, or an answer ended, since the idle watch last looked. */
    private boolean active = true;
    /** How many times in a row the idle watch has found the connection quiet. */
    private int quietChecks;
    /** The session id this connection's requests carried last, opened once; made at the first request in a session. */
    private OpenedSession openedSession;
    /** The client's address as text, made at the connection's first request that asks for it. */
    private String clientAddress;
    /** The idle watch's next look; cancelled when the connection closes, so that it does not hold the connection. */
    private ScheduledFuture<?> idleWatch;

    ClientChannel(NettyDataPlane plane) {
        this.plane = plane;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        watchIdle();
        ctx.fireChannelActive();
    }

    private void watchIdle() {
        long period = plane.idleTimeout().toNanos() / IDLE_CHECKS;
        if (period > 0) {
            idleWatch = client.eventLoop().schedule(this::idleCheck, period, TimeUnit.NANOSECONDS);
        }
    }

    private void idleCheck() {
        if (!client.isActive()) {
            return;
        }
        if (active || ((answering || !held.isEmpty()) && gathering == null)) {
            // A request being answered is bounded by the proxy's own timeouts, not by this one.
            active = false;
            quietChecks = 0;
        } else if (++quietChecks >= IDLE_CHECKS) {
            // Idle between requests, or a request whose body stopped arriving before it was served: closed.
            client.close();
            return;
        } else if (jetty != null && jettyOpen && !fromJetty) {
            // Quiet since the last look: the connection to Jetty (~4.6 KB of heap there) goes; the next request for
            // Jetty opens another. Connections in use keep theirs.
            jetty.close();
        }
        watchIdle();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        client = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        active = true;
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!held.isEmpty() || (msg instanceof HttpRequest && answering)) {
            held.add(msg);
            updateReading();
            return;
        }
        receive(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushToJetty();
    }

    private void receive(Object msg) {
        if (refused || !(msg instanceof HttpObject message)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (message.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            refuse(message.decoderResult().cause());
            return;
        }
        if (message instanceof HttpRequest request) {
            answering = true;
            answerStarted = false;
            closeAfterAnswer = false;
            if (plane.isShutdown() && onPath(request.uri())) {
                // As the MCP endpoint on Jetty answers while it shuts down, without a connection to it.
                ReferenceCountUtil.release(msg);
                answerHere(HttpResponseStatus.SERVICE_UNAVAILABLE, McpProxyHandler.SHUTTING_DOWN);
                return;
            }
            int length = plane.servesOnLoop() ? lengthOnLoop(request) : -1;
            if (length >= 0) {
                gathering = new Gathering(request, new byte[length], System.nanoTime());
                return;
            }
        } else if (gathering != null) {
            gather((HttpContent) message);
            return;
        }
        toJetty(message);
    }

    /**
     * The body length of a request that may be served on the loop, else -1: it goes to Jetty. Served on the loop: an
     * HTTP/1.1 request to the MCP path not waiting for {@code 100 Continue}, either a POST of a declared length within
     * the limit, or a GET (a standalone event stream) or DELETE (the session's end) without a body (length 0).
     */
    private int lengthOnLoop(HttpRequest request) {
        HttpHeaders headers = request.headers();
        if (request.protocolVersion() != HttpVersion.HTTP_1_1 || headers.contains(HttpHeaderNames.EXPECT)
                || headers.contains(HttpHeaderNames.TRANSFER_ENCODING) || !onPath(request.uri())) {
            return -1;
        }
        long length = HttpUtil.getContentLength(request, -1L);
        if (request.method() == HttpMethod.GET || request.method() == HttpMethod.DELETE) {
            return length <= 0 ? 0 : -1;
        }
        if (request.method() != HttpMethod.POST) {
            return -1;
        }
        return length > 0 && length <= plane.context().settings().maxRequestBytes() ? (int) length : -1;
    }

    /** Whether a request target is the MCP endpoint's path (with or without a query). */
    private boolean onPath(String uri) {
        int question = uri.indexOf('?');
        String path = plane.path();
        return question < 0 ? uri.equals(path) : question == path.length() && uri.startsWith(path);
    }

    private void gather(HttpContent content) {
        Gathering gathered = gathering;
        ByteBuf bytes = content.content();
        int length = Math.min(bytes.readableBytes(), gathered.body.length - gathered.filled);
        bytes.readBytes(gathered.body, gathered.filled, length);
        gathered.filled += length;
        boolean last = content instanceof LastHttpContent;
        content.release();
        if (!last) {
            return;
        }
        gathering = null;
        // The exchange parses the body as Jetty's plane does (a malformed one is refused there, with what id it has).
        plane.servedOnLoop();
        exchange = new LoopExchange(plane, ExchangeTimer.begin(gathered.begin, System::nanoTime), this, client,
                gathered.request, gathered.body);
        exchange.start();
    }

    /** The client's address: the same for every request of the connection. */
    InetAddress clientInetAddress() {
        return ((InetSocketAddress) client.remoteAddress()).getAddress();
    }

    /** {@link #clientInetAddress()} as text (what logs, the audit and the forwarding headers show). */
    String clientAddress() {
        if (clientAddress == null) {
            clientAddress = clientInetAddress().getHostAddress();
        }
        return clientAddress;
    }

    OpenedSession openedSession() {
        if (openedSession == null) {
            openedSession = new OpenedSession();
        }
        return openedSession;
    }

    /** The exchange served on the loop has ended; the connection stays open for the next request if {@code open}. */
    void exchangeEnded(boolean open) {
        exchange = null;
        if (!open) {
            client.close();
            return;
        }
        answered();
    }

    private void toJetty(HttpObject message) {
        if (message instanceof HttpRequest) {
            plane.passedToJetty();
            fromJetty = true;
        }
        if (jetty == null) {
            openJetty();
        }
        if (!jettyOpen) {
            toOpeningJetty.add(message);
            return;
        }
        jetty.write(message, jetty.voidPromise());
        unflushed = true;
    }

    private void flushToJetty() {
        if (unflushed && jetty != null) {
            unflushed = false;
            jetty.flush();
        }
    }

    private void openJetty() {
        ChannelFuture connecting = new Bootstrap().group(client.eventLoop()).channel(plane.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        plane.jettyLegOpened(channel);
                        channel.pipeline().addLast(HAProxyMessageEncoder.INSTANCE, new HttpClientCodec(), new JettyLeg());
                    }
                })
                .connect(plane.jetty());
        jetty = connecting.channel();
        connecting.addListener((ChannelFutureListener) connected -> {
            if (connected.channel() != jetty) {
                return;
            }
            if (!connected.isSuccess()) {
                LOG.error("P2C could not reach the server's connector at {} to pass a request on", plane.jetty(),
                        connected.cause());
                dropOpeningMessages();
                jetty = null;
                answerHere(HttpResponseStatus.BAD_GATEWAY, JsonRpcError.INTERNAL_ERROR,
                        "the proxy could not pass the request on; retry");
                return;
            }
            jettyOpen = true;
            jetty.write(proxyHeader(), jetty.voidPromise());
            jetty.pipeline().remove(HAProxyMessageEncoder.INSTANCE);
            for (HttpObject message; (message = toOpeningJetty.poll()) != null; ) {
                jetty.write(message, jetty.voidPromise());
            }
            jetty.flush();
            jetty.config().setAutoRead(client.isWritable());
            updateReading();
        });
    }

    /** The PROXY protocol header (version 2) naming the client's address and the address it connected to. */
    private HAProxyMessage proxyHeader() {
        InetSocketAddress source = (InetSocketAddress) client.remoteAddress();
        InetSocketAddress destination = (InetSocketAddress) client.localAddress();
        InetAddress from = source.getAddress();
        InetAddress to = destination.getAddress();
        boolean v4 = from instanceof Inet4Address;
        if (v4 != to instanceof Inet4Address) {
            // A dual-stack listener can see an IPv4 client on an IPv6 address (or the reverse): the header needs one
            // family, and only the source address matters to Jetty.
            to = v4 ? InetAddress.getLoopbackAddress() : java.net.Inet6Address.getLoopbackAddress();
            if (v4 != to instanceof Inet4Address) {
                to = from;
            }
        }
        return new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY,
                v4 ? HAProxyProxiedProtocol.TCP4 : HAProxyProxiedProtocol.TCP6,
                from.getHostAddress(), to.getHostAddress(), source.getPort(), destination.getPort());
    }

    /** The client's reads run while no request is held and Jetty's connection can take more. */
    private void updateReading() {
        client.config().setAutoRead(held.isEmpty() && (jetty == null || !jettyOpen || jetty.isWritable()));
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.clientWritable(client.isWritable());
        }
        if (jetty != null && jettyOpen) {
            jetty.config().setAutoRead(client.isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** The current request's answer has been written: the next request held, if any, is read now. */
    private void answered() {
        answering = false;
        active = true;
        if (closeAfterAnswer) {
            client.close();
            return;
        }
        while (!held.isEmpty() && !(answering && held.peek() instanceof HttpRequest)) {
            receive(held.poll());
        }
        flushToJetty();
        if (client.isActive()) {
            updateReading();
        }
    }

    /**
     * Answers the current request here, when the decoder refused it (or Jetty could not be reached), and closes the
     * connection. If its answer had already started, the connection is only closed.
     */
    private void refuse(Throwable cause) {
        HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException
                ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE : HttpResponseStatus.BAD_REQUEST;
        answerHere(status, JsonRpcError.TRANSPORT_ERROR, TransportErrors.describe(status.code(), cause.getMessage()));
    }

    private void answerHere(HttpResponseStatus status, int code, String message) {
        answerHere(status, JsonRpcError.body(null, code, message), message);
    }

    private void answerHere(HttpResponseStatus status, byte[] body) {
        answerHere(status, body, "the proxy is shutting down");
    }

    private void answerHere(HttpResponseStatus status, byte[] body, String message) {
        // Whatever Jetty had of this request is abandoned: its connection goes, and with it the request. Nothing
        // after it on this connection is read.
        refused = true;
        gathering = null;
        detachJetty();
        releaseHeld();
        if (answerStarted) {
            LOG.info("P2C {} request failed after its answer started, closing: {}", client.remoteAddress(), message);
            client.close();
            return;
        }
        LOG.info("P2C {} {}: {}", client.remoteAddress(), status.code(), message);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(LoopExchange.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(LoopExchange.CONNECTION, HttpHeaderValues.CLOSE);
        LoopExchange.contentLength(response, body.length);
        answerStarted = true;
        client.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void detachJetty() {
        Channel leg = jetty;
        jetty = null;
        jettyOpen = false;
        dropOpeningMessages();
        if (leg != null) {
            leg.close();
        }
    }

    private void dropOpeningMessages() {
        for (HttpObject message; (message = toOpeningJetty.poll()) != null; ) {
            ReferenceCountUtil.release(message);
        }
    }

    private void releaseHeld() {
        for (Object message; (message = held.poll()) != null; ) {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (idleWatch != null) {
            idleWatch.cancel(false);
        }
        LoopExchange current = exchange;
        exchange = null;
        if (current != null) {
            current.clientGone();
        }
        detachJetty();
        releaseHeld();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("C2P {} connection failed", client.remoteAddress(), cause);
        ctx.close();
    }

    /** A request's head and its body so far. */
    private static final class Gathering {
        final HttpRequest request;
        final byte[] body;
        final long begin;
        int filled;

        Gathering(HttpRequest request, byte[] body, long begin) {
            this.request = request;
            this.body = body;
            this.begin = begin;
        }
    }

    /** The connection to Jetty: its responses go to the client as they arrive. */
    private final class JettyLeg extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (ctx.channel() != jetty) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpResponse response) {
                interim = response.status().codeClass() == HttpStatusClass.INFORMATIONAL
                        && response.status().code() != HttpResponseStatus.SWITCHING_PROTOCOLS.code();
                if (!interim) {
                    answerStarted = true;
                    closeAfterAnswer = !HttpUtil.isKeepAlive(response);
                }
            }
            if (msg instanceof LastHttpContent && !interim) {
                fromJetty = false;
                client.writeAndFlush(msg).addListener(written -> {
                    if (written.isSuccess()) {
                        answered();
                    }
                });
                return;
            }
            if (msg instanceof LastHttpContent) {
                interim = false;
            }
            client.write(msg, client.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            client.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel() == jetty) {
                updateReading();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() != jetty) {
                return;
            }
            jetty = null;
            jettyOpen = false;
            dropOpeningMessages();
            if (fromJetty) {
                // Jetty closed mid-answer (or before it): the client cannot be answered properly any more.
                client.close();
            } else if (client.isActive()) {
                // Idle (or its last answer passed on in full): the next request to Jetty opens another.
                updateReading();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("P2C {} connection to the server's connector failed", client.remoteAddress(), cause);
            ctx.close();
        }
    }
}
