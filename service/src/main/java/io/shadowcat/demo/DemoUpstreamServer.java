package io.shadowcat.demo;

import io.dropwizard.lifecycle.Managed;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * A small, fast MCP server (Streamable HTTP at {@code /mcp}) for demos and benchmarks: the proxy's
 * embedded default upstream, and the {@code demo-upstream} command. It answers
 * {@code initialize}, {@code ping}, {@code tools/list} and {@code tools/call} of {@code echo} and
 * {@code progress}, as {@link DemoUpstreamOptions} direct.
 *
 * <p>Owns its own Jetty server, sized for a two-core machine: one acceptor, one selector and at
 * most 16 threads. Listens only on the host it is given; port 0 picks a free port, which
 * {@link #uri()} reports once started. Thread-safe; start and stop it once.
 */
public final class DemoUpstreamServer implements Managed {
    private static final int MAX_THREADS = 16;
    private static final int MIN_THREADS = 4;
    private static final Duration STREAM_END_TIMEOUT = Duration.ofSeconds(2);

    private final Server server;
    private final ServerConnector connector;
    private final DemoMcpHandler handler;

    /**
     * A server for {@code host} (an address or name; {@code 127.0.0.1} keeps it on loopback) and
     * {@code port} (0 for any free port), not yet started.
     */
    public DemoUpstreamServer(String host, int port, DemoUpstreamOptions options) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(options, "options");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535: " + port);
        }
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName("demo-upstream");
        ScheduledExecutorScheduler scheduler =
                new ScheduledExecutorScheduler("demo-upstream-scheduler", false);
        server = new Server(threads, scheduler, null);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        // As a server in production would: a proxy opening hundreds of pooled connections at once (a burst,
        // an overload) must not overflow the JDK's default backlog of 50 and wait out SYN retransmits.
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        handler = new DemoMcpHandler(options, new Pacer(scheduler, threads));
        server.setHandler(handler);
    }

    @Override
    public void start() throws Exception {
        server.start();
    }

    /**
     * Ends the open GET streams cleanly (waiting at most two seconds for that), then stops at once,
     * closing every connection: exchanges still in flight, such as progress streams, are cut off.
     */
    @Override
    public void stop() throws Exception {
        if (server.isStarted()) {
            handler.endStreams()
                    .completeOnTimeout(null, STREAM_END_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .join();
        }
        server.stop();
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    /**
     * The MCP endpoint, e.g. {@code http://127.0.0.1:9001/mcp}.
     *
     * @throws IllegalStateException if the server is not started
     */
    public URI uri() {
        int port = connector.getLocalPort();
        if (port <= 0) {
            throw new IllegalStateException("The demo upstream is not started");
        }
        try {
            return new URI("http", null, connector.getHost(), port, DemoMcpHandler.PATH, null,
                    null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot make a URI of host " + connector.getHost(), e);
        }
    }
}
