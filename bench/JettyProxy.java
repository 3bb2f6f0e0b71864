import ch.qos.logback.classic.Level;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.client.ByteBufferRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.LoggerFactory;

/**
 * Jetty alone as a plain reverse proxy, built the way Shadowcat builds its two legs (one server thread pool of 8-16
 * threads shared with the upstream client, Jetty's default selectors on the server side, two on the client's, the
 * client's responses handled on its selector threads, the body read without blocking, the response streamed back):
 * what Shadowcat's HTTP stack costs without any of its stages. For {@code bench/per-request --proxy jetty}; listens on
 * 127.0.0.1 only. {@code -Djetty.selectors=N} and {@code -Djetty.handler=non-blocking} try Jetty's other ways;
 * {@code -Djetty.answer=fixed} answers without the upstream leg; {@code -Djetty.answer=connection} answers the same
 * way from a bare connection on Jetty's sockets and selector (Jetty's {@code HttpParser}, a fixed response written
 * whole, none of its HTTP/1.1 connection's request handling): what Jetty's I/O layer costs by itself;
 * {@code -Djetty.client=netty} sends each request upstream through Netty on its own event loop instead of Jetty's
 * {@code HttpClient}, a server leg of Jetty's with a client leg of Netty's.
 *
 * <pre>java -cp "$(bench/classpath)" bench/JettyProxy.java PORT UPSTREAM_URL</pre>
 */
public final class JettyProxy {
    private static final Set<HttpHeader> HOP_BY_HOP = Set.of(HttpHeader.CONNECTION, HttpHeader.KEEP_ALIVE,
            HttpHeader.PROXY_CONNECTION, HttpHeader.TRANSFER_ENCODING, HttpHeader.TE, HttpHeader.UPGRADE);
    /** The proxy's own on a response. */
    private static final Set<HttpHeader> OWN_RESPONSE = Set.of(HttpHeader.DATE, HttpHeader.SERVER);
    /** Set by the client for the request it sends. */
    private static final Set<HttpHeader> OWN = Set.of(HttpHeader.HOST, HttpHeader.CONTENT_LENGTH);

    private static final String FIXED = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"hello\"}]}}";

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        int port = Integer.parseInt(args[0]);
        URI upstream = URI.create(args[1]);
        QueuedThreadPool pool = new QueuedThreadPool(16, 8);
        pool.setName("jetty-proxy");
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ConnectionFactory connections = "connection".equals(System.getProperty("jetty.answer"))
                ? new AbstractConnectionFactory("http/1.1") {
                    @Override
                    public Connection newConnection(Connector connector, EndPoint endPoint) {
                        return configure(new FixedAnswerConnection(endPoint, connector.getExecutor()), connector, endPoint);
                    }
                }
                : new HttpConnectionFactory(http);
        ServerConnector connector = new ServerConnector(server, -1, Integer.getInteger("jetty.selectors", -1),
                connections);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setAcceptQueueSize(4096);
        server.addConnector(connector);

        ClientConnector clientConnector = new ClientConnector();
        clientConnector.setSelectors(2);
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(clientConnector);
        transport.setInvocationType(InvocationType.NON_BLOCKING);
        HttpClient client = new HttpClient(transport);
        client.setExecutor(pool);
        client.setFollowRedirects(false);
        client.setUserAgentField(null);
        client.setMaxConnectionsPerDestination(1024);
        client.getContentDecoderFactories().clear();
        client.getProtocolHandlers().clear();
        server.addBean(client);

        // Nothing the handler does blocks; declared so (-Djetty.handler=non-blocking), Jetty runs it on the selector
        // thread that read the request instead of handing it to the pool, as Shadowcat's changes 2 and 2c did.
        // -Djetty.answer=fixed: the server answers every request itself with a fixed JSON-RPC result, without the
        // upstream leg, which separates the server's cost from the client's.
        ByteBuffer fixed = "fixed".equals(System.getProperty("jetty.answer"))
                ? ByteBuffer.wrap(FIXED.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer() : null;
        NettyClient nettyClient = "netty".equals(System.getProperty("jetty.client")) ? new NettyClient(upstream) : null;
        InvocationType handlerType = "non-blocking".equals(System.getProperty("jetty.handler"))
                ? InvocationType.NON_BLOCKING : InvocationType.BLOCKING;
        server.setHandler(new Handler.Abstract(handlerType) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Content.Source.asByteBuffer(request, Promise.from(body -> {
                    if (fixed != null) {
                        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                        response.write(true, fixed.slice(), callback);
                    } else if (nettyClient != null) {
                        nettyClient.forward(request, body, response, callback);
                    } else {
                        forward(client, upstream, request, body, response, callback);
                    }
                }, callback::failed));
                return true;
            }
        });
        server.start();
        server.join();
    }

    private static void forward(HttpClient client, URI upstream, Request request, ByteBuffer body, Response response,
                                Callback callback) {
        AtomicBoolean streamed = new AtomicBoolean();
        org.eclipse.jetty.client.Request toUpstream = client.newRequest(upstream)
                .method(request.getMethod())
                .headers(headers -> {
                    for (HttpField field : request.getHeaders()) {
                        HttpHeader header = field.getHeader();
                        if (header == null || !HOP_BY_HOP.contains(header) && !OWN.contains(header)) {
                            headers.add(field);
                        }
                    }
                })
                .onResponseHeaders(fromUpstream -> {
                    response.setStatus(fromUpstream.getStatus());
                    for (HttpField field : fromUpstream.getHeaders()) {
                        HttpHeader header = field.getHeader();
                        if (header == null || !HOP_BY_HOP.contains(header) && !OWN_RESPONSE.contains(header)) {
                            response.getHeaders().add(field);
                        }
                    }
                })
                .onResponseContentSource((fromUpstream, content) -> {
                    streamed.set(true);
                    Content.copy(content, response, callback);
                });
        if (body.hasRemaining()) {
            toUpstream.body(new ByteBufferRequestContent(request.getHeaders().get(HttpHeader.CONTENT_TYPE), body));
        }
        toUpstream.send(result -> {
            if (result.isFailed()) {
                if (!response.isCommitted()) {
                    Response.writeError(request, response, callback, 502);
                }
            } else if (!streamed.get()) {
                callback.succeeded(); // an answer without a body
            }
        });
    }

    /**
     * A bare connection on Jetty's sockets and selector: reads with Jetty's {@code HttpParser} and answers each whole
     * request with the fixed result, written in one go; reads again once the write is done. Runs on the selector
     * thread, as nothing it does blocks.
     */
    private static final class FixedAnswerConnection extends AbstractConnection
            implements HttpParser.RequestHandler, Callback {
        private static final ByteBuffer RESPONSE = ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + FIXED.length() + "\r\n\r\n" + FIXED).getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
        private final ByteBuffer in = BufferUtil.allocateDirect(16 * 1024);
        private final HttpParser parser = new HttpParser(this);
        private boolean complete;

        FixedAnswerConnection(EndPoint endPoint, java.util.concurrent.Executor executor) {
            super(endPoint, executor);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }

        @Override
        public void onOpen() {
            super.onOpen();
            fillInterested();
        }

        @Override
        public void onFillable() {
            serve();
        }

        /** Parses what has arrived; answers a whole request, or waits for more bytes. */
        private void serve() {
            try {
                while (true) {
                    if (BufferUtil.isEmpty(in)) {
                        int read = getEndPoint().fill(in);
                        if (read == 0) {
                            fillInterested();
                            return;
                        }
                        if (read < 0) {
                            getEndPoint().close();
                            return;
                        }
                    }
                    complete = false;
                    parser.parseNext(in);
                    if (complete) {
                        parser.reset();
                        getEndPoint().write(this, RESPONSE.slice());
                        return; // serving goes on in succeeded()
                    }
                }
            } catch (RuntimeException | java.io.IOException e) {
                getEndPoint().close(e);
            }
        }

        @Override
        public void succeeded() {
            serve();
        }

        @Override
        public void failed(Throwable failure) {
            getEndPoint().close(failure);
        }

        @Override
        public void startRequest(String method, String uri, HttpVersion version) {
        }

        @Override
        public void parsedHeader(HttpField field) {
        }

        @Override
        public boolean headerComplete() {
            return false;
        }

        @Override
        public boolean content(ByteBuffer content) {
            return false;
        }

        @Override
        public boolean contentComplete() {
            return false;
        }

        @Override
        public boolean messageComplete() {
            complete = true;
            return true;
        }

        @Override
        public void earlyEOF() {
            getEndPoint().close();
        }

        @Override
        public void badMessage(HttpException failure) {
            getEndPoint().close();
        }
    }

    /**
     * The upstream leg through Netty: keep-alive connections on one epoll event loop of Netty's, shared by Jetty's
     * threads; each request whole, its response whole, back to Jetty's response from the event loop.
     */
    private static final class NettyClient {
        private final URI upstream;
        private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1,
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        private final ConcurrentLinkedDeque<Channel> idle = new ConcurrentLinkedDeque<>();

        NettyClient(URI upstream) {
            this.upstream = upstream;
        }

        void forward(Request request, ByteBuffer body, Response response, Callback callback) {
            FullHttpRequest toUpstream = new DefaultFullHttpRequest(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                    io.netty.handler.codec.http.HttpMethod.valueOf(request.getMethod()), request.getHttpURI().getPathQuery(),
                    Unpooled.wrappedBuffer(body));
            for (HttpField field : request.getHeaders()) {
                HttpHeader header = field.getHeader();
                if (header == null || !HOP_BY_HOP.contains(header) && !OWN.contains(header)) {
                    toUpstream.headers().add(field.getName(), field.getValue());
                }
            }
            toUpstream.headers().set(HttpHeaderNames.HOST, upstream.getHost() + ":" + upstream.getPort());
            HttpUtil.setContentLength(toUpstream, body.remaining());
            Channel pooled;
            while ((pooled = idle.pollFirst()) != null && !pooled.isActive()) {
                // closed by the upstream while idle
            }
            if (pooled != null) {
                send(pooled, toUpstream, request, response, callback);
                return;
            }
            new Bootstrap().group(loop).channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                                    new Answer());
                        }
                    })
                    .connect(upstream.getHost(), upstream.getPort())
                    .addListener((ChannelFutureListener) connected -> {
                        if (connected.isSuccess()) {
                            send(connected.channel(), toUpstream, request, response, callback);
                        } else {
                            toUpstream.release();
                            Response.writeError(request, response, callback, 502);
                        }
                    });
        }

        /** Hands the request to the connection's event loop, where everything about its answer happens. */
        private static void send(Channel channel, FullHttpRequest toUpstream, Request request, Response response,
                                 Callback callback) {
            channel.eventLoop().execute(() -> {
                Answer answer = channel.pipeline().get(Answer.class);
                if (answer == null) { // closed since it was taken from the pool: its pipeline is gone
                    toUpstream.release();
                    Response.writeError(request, response, callback, 502);
                    return;
                }
                answer.request = request;
                answer.response = response;
                answer.callback = callback;
                channel.writeAndFlush(toUpstream).addListener(written -> {
                    if (!written.isSuccess()) {
                        answer.badGateway();
                    }
                });
            });
        }

        /** Passes the upstream's whole response to Jetty's, then returns the connection to the pool. */
        private final class Answer extends SimpleChannelInboundHandler<FullHttpResponse> {
            private Request request;
            private Response response;
            private Callback callback;

            @Override
            protected void channelRead0(ChannelHandlerContext context, FullHttpResponse fromUpstream) {
                if (response == null) {
                    context.close(); // an answer to no request (an unsolicited 408, say): this connection is done
                    return;
                }
                if (fromUpstream.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                    return; // the final answer follows
                }
                Response answered = response;
                Callback done = callback;
                request = null;
                response = null;
                callback = null;
                answered.setStatus(fromUpstream.status().code());
                for (Map.Entry<String, String> field : fromUpstream.headers()) {
                    HttpHeader header = HttpHeader.CACHE.get(field.getKey());
                    if (header == null || !HOP_BY_HOP.contains(header) && !OWN_RESPONSE.contains(header)
                            && header != HttpHeader.CONTENT_LENGTH) {
                        answered.getHeaders().add(field.getKey(), field.getValue());
                    }
                }
                ByteBuffer content = ByteBuffer.allocate(fromUpstream.content().readableBytes());
                fromUpstream.content().readBytes(content);
                if (HttpUtil.isKeepAlive(fromUpstream)) {
                    idle.addFirst(context.channel());
                } else {
                    context.close();
                }
                answered.write(true, content.flip(), done);
            }

            @Override
            public void channelInactive(ChannelHandlerContext context) {
                badGateway(); // closed with a request outstanding, if one is
            }

            /** Answers the request outstanding on this connection, if any, with a 502; once. */
            void badGateway() {
                if (response != null) {
                    Response.writeError(request, response, callback, 502);
                    request = null;
                    response = null;
                    callback = null;
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
                context.close();
            }
        }
    }
}
