package io.shadowcat.gatling.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Assertion;
import io.shadowcat.gatling.BookMetrics;
import io.shadowcat.gatling.Floors;
import io.shadowcat.gatling.LatencyBook;
import io.shadowcat.gatling.McpFlow;
import io.shadowcat.gatling.McpSuite;
import io.shadowcat.gatling.ResultDocument;

/**
 * One client, one session, {@code shadowcat.calls} (10,000) sequential {@code tools/call}s, on the direct path and
 * then through the proxy: mean, p50, p95, p99 and p99.9 of each. Floors (the user's targets): mean under 10 ms, p95
 * under 20 ms, p99 under 50 ms, at least 95% successful.
 */
public final class EndToEndLatency extends McpSuite {
    private final int calls = param("calls", 10_000);

    public EndToEndLatency() {
        super("gatling-end-to-end-latency");
        SetUp setUp = run(sequence(path -> {
            McpFlow flow = flow(path);
            return scenario(path).exec(flow.open()).repeat(calls).on(flow.call()).exec(flow.close())
                    .injectOpen(atOnceUsers(1));
        }), false);
        if (assertions) {
            setUp.assertions(latencyAssertions("proxy tools/call"));
        }
    }

    /** The user's latency targets as Gatling assertions on one request name (Gatling's statistics, in ms). */
    static Assertion[] latencyAssertions(String request) {
        return new Assertion[] {
            details(request).responseTime().mean().lt(10),
            details(request).responseTime().percentile(95.0).lt(20),
            details(request).responseTime().percentile(99.0).lt(50),
            details(request).successfulRequests().percent().gte(95.0)
        };
    }

    @Override
    protected boolean nginxComparable() {
        return true;
    }

    @Override
    protected void addMetrics(ResultDocument doc) {
        latencyFloors(book, floors);
    }

    /** The same targets on the client-side histogram of the proxied tools/calls, in microseconds. */
    static void latencyFloors(LatencyBook book, Floors floors) {
        LatencyBook.Summary calls = book.summary(BookMetrics.PROXY, "tools_call", null);
        floors.atMost("tools_call.mean_us", calls.latencies().getMean() / 1000, 10_000);
        floors.atMost("tools_call.p95_us", BookMetrics.micros(calls.latencies(), 95), 20_000);
        floors.atMost("tools_call.p99_us", BookMetrics.micros(calls.latencies(), 99), 50_000);
        floors.atLeast("tools_call.success_pct", calls.total() == 0 ? Double.NaN : 100.0 * calls.ok() / calls.total(),
                95);
    }
}
