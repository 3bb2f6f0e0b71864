import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpParser;

/**
 * Netty as a plain reverse proxy, both legs on one event loop: each client connection is served by the loop that
 * accepted it, and its requests go out over keep-alive upstream connections owned by the same loop, so a request
 * crosses no thread from the client's bytes to the upstream's and back (Netty's native epoll transport keeps each
 * socket's read interest registered, as nginx's worker does). Messages are parsed and written by Netty's HTTP/1.1
 * codecs and passed on whole (bodies up to 1 MiB; no streaming; one request at a time per client connection, as wrk
 * and MCP clients send them: pipelined requests may be answered out of order). None of Shadowcat's stages: this is
 * what a data plane on Netty costs per request before any of them, for {@code bench/wrk-compare --with-netty}.
 * Listens on 127.0.0.1 only; Netty's NIO transport where its epoll one does not run.
 *
 * <p>{@code -Dnetty.loops=N} (default 1, like nginx's one worker in the bench) sets the event loops;
 * {@code -Dnetty.answer=fixed} answers every request itself with a fixed JSON-RPC result, without the upstream leg;
 * {@code -Dnetty.parse=jetty} reads client requests with Jetty's strict {@code HttpParser} into Jetty's
 * {@code HttpFields} (the header model Shadowcat's stages take) instead of Netty's decoder.
 *
 * <pre>java -cp "$(bench/classpath)" bench/NettyProxy.java PORT UPSTREAM_URL</pre>
 */
public final class NettyProxy {
    static {
        // The service jar's logging defaults to DEBUG, which Netty would check and write for every message; set before
        // any of Netty's classes (the constants below among them) is loaded.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
    }

    private static final List<CharSequence> HOP_BY_HOP = List.of(HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
            HttpHeaderNames.PROXY_CONNECTION, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.TE, HttpHeaderNames.UPGRADE);
    private static final byte[] FIXED = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"hello\"}]}}"
            .getBytes(StandardCharsets.UTF_8);
    private static final int MAX_MESSAGE = 1 << 20;
    /** Netty's native epoll transport where it runs (Linux); its NIO transport elsewhere. */
    private static final boolean EPOLL = Epoll.isAvailable();

    /** Each event loop's idle keep-alive connections to the upstream; touched only by that loop's thread. */
    private static final ThreadLocal<ArrayDeque<Channel>> IDLE = ThreadLocal.withInitial(ArrayDeque::new);

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        URI upstream = URI.create(args[1]);
        boolean fixed = "fixed".equals(System.getProperty("netty.answer"));
        boolean jettyParse = "jetty".equals(System.getProperty("netty.parse"));
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(Integer.getInteger("netty.loops", 1),
                EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        new ServerBootstrap().group(loops).channel(EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        if (jettyParse) {
                            channel.pipeline().addLast(new HttpResponseEncoder(), new JettyRequestDecoder());
                        } else {
                            channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_MESSAGE));
                        }
                        channel.pipeline().addLast(fixed ? new FixedAnswer() : new ClientSide(upstream));
                    }
                })
                .bind("127.0.0.1", port).sync().channel().closeFuture().sync();
    }

    /** Answers every request with the fixed result: the server leg alone. */
    private static final class FixedAnswer extends SimpleChannelInboundHandler<FullHttpRequest> {
        /** Made once, read by every connection through its own duplicate. */
        private static final ByteBuf BODY = Unpooled.unreleasableBuffer(
                Unpooled.directBuffer(FIXED.length).writeBytes(FIXED));

        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    BODY.duplicate());
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            HttpUtil.setContentLength(response, FIXED.length);
            context.write(response);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext context) {
            context.flush();
        }
    }

    /** A client connection: each whole request goes to the upstream over a connection of this loop. */
    private static final class ClientSide extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final URI upstream;
        private final String host;

        ClientSide(URI upstream) {
            this.upstream = upstream;
            this.host = upstream.getHost() + ":" + upstream.getPort();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
            if (request.decoderResult().isFailure()) {
                FullHttpResponse refused = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST);
                HttpUtil.setContentLength(refused, 0);
                context.writeAndFlush(refused).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            FullHttpRequest toUpstream = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, request.method(), request.uri(),
                    request.content().retain());
            copyEndToEnd(request.headers(), toUpstream.headers());
            toUpstream.headers().set(HttpHeaderNames.HOST, host);
            HttpUtil.setContentLength(toUpstream, toUpstream.content().readableBytes());
            Channel client = context.channel();
            ArrayDeque<Channel> idle = IDLE.get();
            Channel pooled;
            while ((pooled = idle.pollFirst()) != null && !pooled.isActive()) {
                // closed by the upstream while idle
            }
            if (pooled != null) {
                send(pooled, client, keepAlive, toUpstream);
                return;
            }
            new Bootstrap().group(client.eventLoop()).channel(EPOLL ? EpollSocketChannel.class : NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_MESSAGE),
                                    new UpstreamSide());
                        }
                    })
                    .connect(upstream.getHost(), upstream.getPort())
                    .addListener((ChannelFutureListener) connected -> {
                        if (connected.isSuccess()) {
                            send(connected.channel(), client, keepAlive, toUpstream);
                        } else {
                            toUpstream.release();
                            badGateway(client);
                        }
                    });
        }

        private static void send(Channel upstreamChannel, Channel client, boolean keepAlive, FullHttpRequest request) {
            UpstreamSide side = upstreamChannel.pipeline().get(UpstreamSide.class);
            side.client = client;
            side.keepClient = keepAlive;
            upstreamChannel.writeAndFlush(request);
        }
    }

    /** An upstream connection: passes the response of its current request back, then goes back to the loop's pool. */
    private static final class UpstreamSide extends SimpleChannelInboundHandler<FullHttpResponse> {
        private Channel client;
        private boolean keepClient;

        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpResponse response) {
            if (client == null) {
                context.close(); // an answer to no request (an unsolicited 408, say): this connection is done
                return;
            }
            if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                return; // the final answer follows
            }
            FullHttpResponse toClient = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, response.status(),
                    response.content().retain());
            copyEndToEnd(response.headers(), toClient.headers());
            toClient.headers().remove(HttpHeaderNames.DATE).remove(HttpHeaderNames.SERVER);
            HttpUtil.setContentLength(toClient, toClient.content().readableBytes());
            Channel answered = client;
            client = null;
            if (HttpUtil.isKeepAlive(response)) {
                IDLE.get().addFirst(context.channel());
            } else {
                context.close();
            }
            if (keepClient) {
                answered.writeAndFlush(toClient);
            } else {
                answered.writeAndFlush(toClient).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            if (client != null) {
                badGateway(client); // the upstream closed with a request outstanding
                client = null;
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            context.close();
        }
    }

    private static void copyEndToEnd(HttpHeaders from, HttpHeaders to) {
        to.set(from);
        for (CharSequence name : HOP_BY_HOP) {
            to.remove(name);
        }
    }

    private static void badGateway(Channel client) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_GATEWAY);
        HttpUtil.setContentLength(response, 0);
        client.writeAndFlush(response);
    }

    /**
     * Client requests read with Jetty's {@code HttpParser}: the method, target and {@code HttpFields} it yields, and the
     * body, passed on as one Netty request. A message the parser refuses is answered 400 and closes the connection.
     */
    private static final class JettyRequestDecoder extends ByteToMessageDecoder implements HttpParser.RequestHandler {
        private final HttpParser parser = new HttpParser(this);
        private String method;
        private String target;
        private HttpFields.Mutable fields;
        private ByteBuf body;
        private boolean complete;
        private boolean refused;

        @Override
        protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
            while (in.isReadable()) {
                ByteBuffer bytes = in.nioBuffer();
                int before = bytes.remaining();
                complete = false;
                parser.parseNext(bytes); // reports a message it refuses through badMessage, never by throwing
                in.skipBytes(before - bytes.remaining());
                if (refused) {
                    if (body != null) {
                        body.release();
                        body = null;
                    }
                    in.skipBytes(in.readableBytes());
                    FullHttpResponse answer = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                            HttpResponseStatus.BAD_REQUEST);
                    HttpUtil.setContentLength(answer, 0);
                    context.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                if (!complete) {
                    return; // waits for more bytes
                }
                FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                        io.netty.handler.codec.http.HttpMethod.valueOf(method), target,
                        body == null ? Unpooled.EMPTY_BUFFER : body);
                for (HttpField field : fields) {
                    request.headers().add(field.getName(), field.getValue());
                }
                body = null;
                parser.reset();
                out.add(request);
            }
        }

        @Override
        public void startRequest(String method, String target, org.eclipse.jetty.http.HttpVersion version) {
            this.method = method;
            this.target = target;
            this.fields = HttpFields.build();
        }

        @Override
        public void parsedHeader(HttpField field) {
            fields.add(field);
        }

        @Override
        public boolean headerComplete() {
            return false;
        }

        @Override
        public boolean content(ByteBuffer content) {
            if (body == null) {
                body = Unpooled.buffer(content.remaining());
            }
            body.writeBytes(content);
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
            refused = true;
        }

        @Override
        public void badMessage(HttpException failure) {
            refused = true;
        }
    }
}
