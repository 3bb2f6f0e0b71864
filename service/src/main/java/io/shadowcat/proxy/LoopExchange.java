package io.shadowcat.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.FastThreadLocal;
import io.shadowcat.profiler.ExchangeTimer;
import io.shadowcat.session.OpenedSession;
import io.shadowcat.session.SessionToken;
import io.shadowcat.upstream.UpstreamLease;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * One client request on a {@link NettyDataPlane} event loop: a POST in a session, its body read whole by
 * {@link ClientChannel}, the stages of {@link McpExchange} run on the loop, and the upstream leg on a connection
 * the same loop owns ({@link LoopUpstreamCall}). Confined to its loop: a step that completes elsewhere (a token
 * check that waits for keys) comes back to it.
 */
final class LoopExchange extends McpExchange {
    /** Per loop: the {@code Date} of the current second. */
    private static final FastThreadLocal<CachedDate> DATE = new FastThreadLocal<>() {
        @Override
        protected CachedDate initialValue() {
            return new CachedDate();
        }
    };
    /**
     * The names of the headers the loops set themselves, in the case HTTP/1.1 messages (and Jetty's plane) write them:
     * Netty's own constants are lower case, as HTTP/2 wants.
     */
    static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");
    static final AsciiString CONTENT_TYPE = AsciiString.cached("Content-Type");
    static final AsciiString CONNECTION = AsciiString.cached("Connection");
    static final AsciiString TRANSFER_ENCODING = AsciiString.cached("Transfer-Encoding");
    private static final AsciiString DATE_NAME = AsciiString.cached("Date");

    private final NettyDataPlane plane;
    private final ClientChannel connection;
    private final Channel client;
    private final HttpRequest request;
    private final HttpFields headers;
    private final byte[] body;
    private final boolean closeAfter;
    private boolean started;
    private int status;
    private LoopUpstreamCall call;

    LoopExchange(NettyDataPlane plane, ExchangeTimer timer, ClientChannel connection, Channel client,
                 HttpRequest request, byte[] body) {
        super(plane.context(), timer);
        this.plane = plane;
        this.connection = connection;
        this.client = client;
        this.request = request;
        this.body = body;
        this.closeAfter = !HttpUtil.isKeepAlive(request);
        this.headers = new NettyFields(request.headers());
    }

    @Override
    String method() {
        return request.method().name();
    }

    @Override
    String query() {
        String uri = request.uri();
        int question = uri.indexOf('?');
        return question < 0 ? null : uri.substring(question + 1);
    }

    /** The request's line and headers as read. */
    HttpRequest request() {
        return request;
    }

    /** The request's headers as read. */
    HttpHeaders nettyHeaders() {
        return request.headers();
    }

    @Override
    public HttpFields headers() {
        return headers;
    }

    @Override
    public String clientAddress() {
        return connection.clientAddress();
    }

    @Override
    public InetAddress clientInetAddress() {
        return connection.clientInetAddress();
    }

    @Override
    OpenedSession openedSession() {
        return connection.openedSession();
    }

    /** The body was read whole before the exchange began: it is parsed (or refused as malformed) as on Jetty's plane. */
    @Override
    void readBody(long declared) {
        body(body, body.length);
    }

    @Override
    void schedule(Runnable then, long nanos) {
        client.eventLoop().schedule(then, nanos, TimeUnit.NANOSECONDS);
    }

    /** Never spins: the loop serves other connections meanwhile, and its timer is precise enough. */
    @Override
    long spinBelowNanos() {
        return 0;
    }

    @Override
    void resume(Runnable then) {
        if (client.eventLoop().inEventLoop()) {
            then.run();
        } else {
            client.eventLoop().execute(then);
        }
    }

    @Override
    void callUpstream(UpstreamLease held, SessionToken session, boolean opensSession, boolean free, ByteBuffer body) {
        call = new LoopUpstreamCall(this, context, held, session, opensSession, free, List.of(), body);
        call.send();
    }

    /** The upstream refused {@code call}'s predecessor's connection: {@code call} takes the request elsewhere. */
    void retryWith(LoopUpstreamCall call) {
        this.call = call;
        call.send();
    }

    @Override
    boolean responseStarted() {
        return started;
    }

    @Override
    void answer(int status, HttpFields headers, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body), LoopUpstreamCall.TRUSTED, LoopUpstreamCall.TRUSTED);
        copy(headers, response.headers());
        contentLength(response, body.length);
        respondWith(status, response);
        client.writeAndFlush(response).addListener(written -> complete(written.cause()));
    }

    /** Marks the response started with {@code status}, and closing the connection if the client asked for it. */
    void respondWith(int status, io.netty.handler.codec.http.HttpResponse response) {
        this.status = status;
        this.started = true;
        response.headers().set(DATE_NAME, now());
        if (closeAfter) {
            response.headers().set(CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    /** Sets the message's {@code Content-Length} (and drops any {@code Transfer-Encoding}). */
    static void contentLength(HttpMessage message, long length) {
        message.headers().remove(TRANSFER_ENCODING).set(CONTENT_LENGTH, length);
    }

    /** Makes the message's body chunked (and drops any {@code Content-Length}). */
    static void chunked(HttpMessage message) {
        message.headers().remove(CONTENT_LENGTH).set(TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }

    /** The {@code Date} of responses (RFC 9110 §6.6.1: a proxy adds it), formatted once a second per loop. */
    private static String now() {
        long second = System.currentTimeMillis() / 1000;
        CachedDate cached = DATE.get();
        if (cached.text == null || cached.second != second) {
            cached.second = second;
            cached.text = DateFormatter.format(new java.util.Date(second * 1000));
        }
        return cached.text;
    }

    private static final class CachedDate {
        long second;
        String text;
    }

    /** Netty's headers as Jetty's fields, which the stages read. */
    static HttpFields.Mutable fields(HttpHeaders from) {
        HttpFields.Mutable fields = HttpFields.build(from.size());
        for (Map.Entry<String, String> header : from) {
            fields.add(header.getKey(), header.getValue());
        }
        return fields;
    }

    static void copy(HttpFields from, HttpHeaders to) {
        for (HttpField field : from) {
            to.add(field.getName(), field.getValue());
        }
    }

    NettyDataPlane plane() {
        return plane;
    }

    Channel client() {
        return client;
    }

    @Override
    int responseStatus() {
        return status;
    }

    @Override
    void ended(Throwable failure) {
        if (call != null) {
            call.exchangeEnded();
        }
        plane.exchangeEnded();
        connection.exchangeEnded(failure == null && !closeAfter);
    }

    /** The client's connection can take more (or not): the upstream's reads follow. */
    void clientWritable(boolean writable) {
        if (call != null) {
            call.clientWritable(writable);
        }
    }

    /** The client went away: the upstream request is dropped and the exchange ends. */
    void clientGone() {
        if (call != null) {
            call.abandon();
        }
        complete(new java.nio.channels.ClosedChannelException());
    }
}
