package io.shadowcat.testing;

import io.shadowcat.demo.DemoUpstreamOptions;
import io.shadowcat.demo.DemoUpstreamServer;
import java.time.Duration;

/** Three in-process demo MCP servers on ephemeral loopback ports, named one, two, three. */
public final class DemoTrio implements AutoCloseable {
    private final DemoUpstreamServer[] servers = new DemoUpstreamServer[3];

    /** Starts them; {@code latencies[i]} is added to every answer of server i. */
    public DemoTrio(Duration... latencies) {
        try {
            for (int i = 0; i < servers.length; i++) {
                servers[i] = new DemoUpstreamServer("127.0.0.1", 0,
                        DemoUpstreamOptions.builder().latency(latencies.length > i ? latencies[i] : Duration.ZERO).build());
                servers[i].start();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The endpoint of server {@code index} (0-based). */
    public String endpoint(int index) {
        return servers[index].uri().toString();
    }

    public DemoUpstreamServer server(int index) {
        return servers[index];
    }

    @Override
    public void close() throws Exception {
        for (DemoUpstreamServer server : servers) {
            server.stop();
        }
    }
}
