package io.shadowcat.bench;

import io.shadowcat.upstream.BalancingFactory;
import io.shadowcat.upstream.RetryBudget;
import io.shadowcat.upstream.Upstream;
import io.shadowcat.upstream.UpstreamLease;
import io.shadowcat.upstream.Upstreams;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.ConnectionPool;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The upstream side of the {@code route} and {@code connect} stages: choosing an upstream for a new
 * session with each strategy over three upstreams (eligibility filter, selection, breaker permit, lease
 * and its release), and acquiring and releasing an idle pooled connection from an upstream's Jetty
 * connection pool (a real connection to a loopback server). Sampled, so the report has percentiles.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class UpstreamSelectionBenchmark {
    /** Three upstreams (weights 1, 2, 3; latencies 1, 2, 4 ms) behind one strategy. */
    @State(Scope.Benchmark)
    public static class Selection {
        @Param({"P2C_EWMA", "ROUND_ROBIN", "WEIGHTED", "LEAST_INFLIGHT"})
        public String strategy;

        Upstreams upstreams;

        @Setup(Level.Trial)
        public void setUp() {
            BalancingFactory balancing = new BalancingFactory();
            balancing.setStrategy(BalancingFactory.Strategy.valueOf(strategy));
            List<Upstream> three = List.of(
                    Upstream.builder("one").weight(1).build(),
                    Upstream.builder("two").weight(2).build(),
                    Upstream.builder("three").weight(3).build());
            long latency = 1_000_000;
            for (Upstream upstream : three) {
                upstream.latency().observe(latency);
                latency *= 2;
            }
            upstreams = new Upstreams(three, balancing.buildSelector(), new RetryBudget(0.2, 5, System::nanoTime));
        }
    }

    /** A Jetty client with one idle pooled connection to a loopback server. */
    @State(Scope.Benchmark)
    public static class Pool {
        private Server server;
        private HttpClient client;
        ConnectionPool pool;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            server = new Server();
            ServerConnector connector = new ServerConnector(server, 1, 1);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            server.setHandler(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                    response.write(true, ByteBuffer.allocate(0), callback);
                    return true;
                }
            });
            server.start();
            client = new HttpClient();
            client.start();
            client.GET("http://127.0.0.1:" + connector.getLocalPort() + "/");
            pool = client.resolveDestination(new Origin("http", "127.0.0.1", connector.getLocalPort())).getConnectionPool();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            client.stop();
            server.stop();
        }
    }

    @Benchmark
    public Upstream chooseAndRelease(Selection selection) {
        UpstreamLease lease = selection.upstreams.choose(List.of()).orElseThrow();
        lease.success(1_000_000);
        return lease.upstream();
    }

    @Benchmark
    public boolean poolAcquireRelease(Pool pool) {
        Connection connection = pool.pool.acquire(false);
        return connection != null && pool.pool.release(connection);
    }
}
