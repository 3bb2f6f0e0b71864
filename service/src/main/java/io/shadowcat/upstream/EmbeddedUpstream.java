package io.shadowcat.upstream;

import io.dropwizard.lifecycle.Managed;
import io.shadowcat.demo.DemoUpstreamOptions;
import io.shadowcat.demo.DemoUpstreamServer;
import java.util.Objects;

/**
 * An upstream declared {@code embedded: true}: the demo MCP server, started in-process on an ephemeral
 * loopback port before the proxy accepts connections, and bound to its upstream once it listens.
 */
public final class EmbeddedUpstream implements Managed {
    private final Upstream upstream;
    private final DemoUpstreamServer server;

    public EmbeddedUpstream(Upstream upstream) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.server = new DemoUpstreamServer("127.0.0.1", 0, DemoUpstreamOptions.defaults());
    }

    @Override
    public void start() throws Exception {
        server.start();
        upstream.bind(server.uri());
    }

    @Override
    public void stop() throws Exception {
        server.stop();
    }
}
