package io.shadowcat.gatling.simulations;

import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.shadowcat.gatling.BookMetrics;
import io.shadowcat.gatling.McpFlow;
import io.shadowcat.gatling.McpSuite;
import io.shadowcat.gatling.ResultDocument;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code shadowcat.clients} (1,000) clients, each on its own connection with its own session, arriving over
 * {@code shadowcat.ramp} (10 s); each waits, connection open and session initialized, until every client has had
 * time to arrive ({@code ramp} + {@code shadowcat.settle}, 2 s), then all make {@code shadowcat.callsPerClient} (10)
 * {@code tools/call}s at once and end their session. Success rate, throughput and latency, direct and proxied.
 * Floors: every client held its session until the burst, at least 95% successful, the latency targets.
 */
public final class ConcurrentConnections extends McpSuite {
    private final int clients = param("clients", 1_000);
    private final int calls = param("callsPerClient", 10);
    private final Duration ramp = param("ramp", Duration.ofSeconds(10));
    private final Duration settle = param("settle", Duration.ofSeconds(2));
    private final Map<String, AtomicLong> firstArrival = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> heldAtBurst = new ConcurrentHashMap<>();

    public ConcurrentConnections() {
        super("gatling-concurrent-connections");
        SetUp setUp = run(sequence(path -> {
            McpFlow flow = flow(path);
            AtomicLong first = firstArrival.computeIfAbsent(path, p -> new AtomicLong());
            LongAdder held = heldAtBurst.computeIfAbsent(path, p -> new LongAdder());
            return scenario(path)
                    .exec(session -> {
                        first.compareAndSet(0, System.nanoTime());
                        return session;
                    })
                    .exec(flow.open())
                    // A barrier in time, not a rendezvous: a client that failed to connect cannot hold the others.
                    .exec(pause(session -> Duration.ofNanos(Math.max(0,
                            first.get() + ramp.plus(settle).toNanos() - System.nanoTime()))))
                    .exec(session -> {
                        held.increment();
                        return session;
                    })
                    .repeat(calls).on(flow.call())
                    .exec(flow.close())
                    .injectOpen(rampUsers(clients).during(ramp));
        }), false);
        if (assertions) {
            setUp.assertions(EndToEndLatency.latencyAssertions("proxy tools/call"));
        }
    }

    @Override
    protected boolean nginxComparable() {
        return true;
    }

    @Override
    protected void addMetrics(ResultDocument doc) {
        for (String path : paths()) {
            long held = heldAtBurst.getOrDefault(path, new LongAdder()).sum();
            doc.metric(BookMetrics.prefix(path) + "concurrent.sessions_held", "clients", ResultDocument.Better.HIGHER,
                    held);
        }
        floors.atLeast("concurrent.sessions_held", heldAtBurst.getOrDefault(BookMetrics.PROXY, new LongAdder()).sum(),
                clients);
        EndToEndLatency.latencyFloors(book, floors);
    }
}
