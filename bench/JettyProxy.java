import ch.qos.logback.classic.Level;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.client.ByteBufferRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
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
 * {@code -Djetty.answer=fixed} answers without the upstream leg.
 *
 * <pre>java -cp service/target/shadowcat.jar bench/JettyProxy.java PORT UPSTREAM_URL</pre>
 */
public final class JettyProxy {
    private static final Set<HttpHeader> HOP_BY_HOP = Set.of(HttpHeader.CONNECTION, HttpHeader.KEEP_ALIVE,
            HttpHeader.PROXY_CONNECTION, HttpHeader.TRANSFER_ENCODING, HttpHeader.TE, HttpHeader.UPGRADE);
    /** The proxy's own on a response. */
    private static final Set<HttpHeader> OWN_RESPONSE = Set.of(HttpHeader.DATE, HttpHeader.SERVER);
    /** Set by the client for the request it sends. */
    private static final Set<HttpHeader> OWN = Set.of(HttpHeader.HOST, HttpHeader.CONTENT_LENGTH);

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        int port = Integer.parseInt(args[0]);
        URI upstream = URI.create(args[1]);
        QueuedThreadPool pool = new QueuedThreadPool(16, 8);
        pool.setName("jetty-proxy");
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, -1, Integer.getInteger("jetty.selectors", -1),
                new HttpConnectionFactory(http));
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
                ? ByteBuffer.wrap("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"hello\"}]}}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)).asReadOnlyBuffer()
                : null;
        InvocationType handlerType = "non-blocking".equals(System.getProperty("jetty.handler"))
                ? InvocationType.NON_BLOCKING : InvocationType.BLOCKING;
        server.setHandler(new Handler.Abstract(handlerType) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Content.Source.asByteBuffer(request, Promise.from(body -> {
                    if (fixed != null) {
                        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                        response.write(true, fixed.slice(), callback);
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
}
