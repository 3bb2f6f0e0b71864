package io.shadowcat.testing;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * An HTTP server on an ephemeral loopback port whose behaviour a test sets, for upstream failure
 * modes no well-behaved MCP server produces (silence, resets, lost sessions). Records the headers of
 * every request it receives.
 */
public final class ScriptedUpstream implements AutoCloseable {
    /** What the upstream does with one request. */
    @FunctionalInterface
    public interface Behaviour {
        void handle(Request request, Response response, Callback callback) throws Exception;
    }

    private final Server server = new Server();
    private final List<HttpFields> received = new CopyOnWriteArrayList<>();
    private volatile Behaviour behaviour = (request, response, callback) -> json(response, callback, 200, "{}");

    private ScriptedUpstream() {
    }

    /** Starts a scripted upstream on 127.0.0.1. */
    public static ScriptedUpstream start() throws Exception {
        return start(false);
    }

    /** Starts a scripted upstream on 127.0.0.1 that also speaks cleartext HTTP/2 with prior knowledge. */
    public static ScriptedUpstream startH2c() throws Exception {
        return start(true);
    }

    private static ScriptedUpstream start(boolean h2c) throws Exception {
        ScriptedUpstream upstream = new ScriptedUpstream();
        HttpConfiguration http = new HttpConfiguration();
        ServerConnector connector = h2c
                ? new ServerConnector(upstream.server, new HttpConnectionFactory(http), new HTTP2CServerConnectionFactory(http))
                : new ServerConnector(upstream.server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        upstream.server.addConnector(connector);
        upstream.server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                upstream.received.add(HttpFields.build(request.getHeaders()).asImmutable());
                upstream.behaviour.handle(request, response, callback);
                return true;
            }
        });
        upstream.server.start();
        return upstream;
    }

    public void behave(Behaviour next) {
        this.behaviour = next;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/mcp");
    }

    /** Headers of every request received so far, oldest first. */
    public List<HttpFields> received() {
        return received;
    }

    /** Answers {@code status} with a JSON body. */
    public static void json(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
