package io.shadowcat.gatling.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.shadowcat.gatling.BookMetrics;
import io.shadowcat.gatling.LatencyBook;
import io.shadowcat.gatling.McpFlow;
import io.shadowcat.gatling.McpSuite;
import io.shadowcat.gatling.Props;
import io.shadowcat.gatling.ResultDocument;
import io.shadowcat.gatling.ResultDocument.Better;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Three upstreams behind the proxy, one killed mid-run: {@code clients} (30) clients open a session each (spread
 * over the upstreams and pinned), then call {@code tools/call} for {@code duration} (20 s); after {@code killAfter}
 * (10 s) the upstream process {@code killIndex} (2) of {@code upstreamPids} (comma-separated, in the order of the
 * proxy's upstream list) is killed with SIGKILL. Which upstream a session is pinned to is read from its echo: the
 * harness starts upstream N with {@code --payload-bytes N}, so upstream N's echo ends in N {@code x}s.
 * Errors must stay confined to the sessions pinned to the killed upstream. Floors: the upstream was killed, no
 * failure on a session pinned to a live upstream (at least 95% success on them, as the user's general target).
 */
public final class FailingUpstream extends McpSuite {
    private static final String PIN = "pinnedUpstream";
    private final int clients = param("clients", 30);
    private final Duration duration = param("duration", Duration.ofSeconds(20));
    private final Duration killAfter = param("killAfter", Duration.ofSeconds(10));
    private final int killIndex = param("killIndex", 2);
    private final List<Long> pids = Arrays.stream(Props.required("upstreamPids").split(","))
            .map(String::trim).map(Long::parseLong).toList();
    private final Map<Integer, AtomicLong> pinned = new ConcurrentHashMap<>();
    private final AtomicLong killedAt = new AtomicLong();

    public FailingUpstream() {
        super("gatling-failing-upstream");
        if (killIndex < 1 || killIndex > pids.size()) {
            throw new IllegalStateException("-Dshadowcat.killIndex must name one of the " + pids.size() + " upstreamPids");
        }
        book.classified(BookMetrics.PROXY, start -> killedAt.get() == 0 || start < killedAt.get() ? "before_kill" : "after_kill");
        SetUp setUp = run(sequenceGroups(path -> {
            McpFlow flow = flow(path);
            if (path.equals(BookMetrics.DIRECT)) {
                return List.of(scenario(path).exec(flow.open()).exec(during(killAfter).on(flow.echo()))
                        .injectOpen(rampUsers(clients).during(Duration.ofSeconds(1))));
            }
            PopulationBuilder load = scenario(path).exec(flow.open())
                    .exec(flow.echo(regex("\"text\":\"m(x*)\"").transform(String::length).saveAs(PIN)))
                    .exec(session -> {
                        if (session.contains(PIN)) {
                            pinned.computeIfAbsent(session.getInt(PIN), k -> new AtomicLong()).incrementAndGet();
                        }
                        return session;
                    })
                    .exec(during(duration).on(call(flow)))
                    .injectOpen(rampUsers(clients).during(Duration.ofSeconds(1)));
            PopulationBuilder killer = scenario("kill upstream " + killIndex).exec(pause(killAfter)).exec(session -> {
                ProcessHandle.of(pids.get(killIndex - 1)).ifPresent(ProcessHandle::destroyForcibly);
                killedAt.set(System.nanoTime());
                return session;
            }).injectOpen(atOnceUsers(1));
            return List.of(load, killer);
        }), true);
        if (assertions) {
            setUp.assertions(details("proxy tools/call live").failedRequests().count().is(0L),
                    details("proxy tools/call live").successfulRequests().percent().gte(95.0));
        }
    }

    @Override
    protected boolean wholeRunComparable() {
        // The proxied path's calls are split by upstream and its one "tools_call" is each session's first; the
        // live upstreams' calls before the kill are compared with the direct path below instead.
        return false;
    }

    /** One call, named and recorded by whether the session is pinned to the upstream that is (or will be) killed. */
    private ChainBuilder call(McpFlow flow) {
        return doIfOrElse(session -> session.contains(PIN) && session.getInt(PIN) == killIndex)
                .then(flow.timed("tools_call_killed_upstream", flow.echoRequest("tools/call killed")))
                .orElse(flow.timed("tools_call_live_upstream", flow.echoRequest("tools/call live")));
    }

    @Override
    protected void addMetrics(ResultDocument doc) {
        LatencyBook.Summary liveBefore = book.summary(BookMetrics.PROXY, "tools_call_live_upstream", "before_kill");
        LatencyBook.Summary liveAfter = book.summary(BookMetrics.PROXY, "tools_call_live_upstream", "after_kill");
        LatencyBook.Summary killedBefore = book.summary(BookMetrics.PROXY, "tools_call_killed_upstream", "before_kill");
        LatencyBook.Summary killedAfter = book.summary(BookMetrics.PROXY, "tools_call_killed_upstream", "after_kill");
        LatencyBook.Summary live = book.summary(BookMetrics.PROXY, "tools_call_live_upstream", null);
        pinned.forEach((upstream, count) -> doc.tag("sessions.pinned_to_upstream_" + upstream, count));
        doc.tag("killed", killedAt.get() == 0 ? "no" : "upstream " + killIndex);
        doc.tag("outcomes.killed_after", killedAfter.outcomes());
        doc.metric("gatling.failover.live_failures", "requests", Better.LOWER, live.ko());
        doc.metric("gatling.failover.live_success_pct", "%", Better.HIGHER,
                live.total() == 0 ? Double.NaN : 100.0 * live.ok() / live.total());
        // Calls to the killed upstream already in flight when it died may fail too: counted, not a floor.
        doc.metric("gatling.failover.killed_upstream_failures_started_before_kill", "requests", Better.LOWER,
                killedBefore.ko());
        doc.metric("gatling.failover.killed_sessions", "sessions", Better.LOWER,
                pinned.getOrDefault(killIndex, new AtomicLong()).get());
        doc.metric("gatling.failover.live_after_kill.p99", "us", Better.LOWER, BookMetrics.micros(liveAfter.latencies(), 99));
        doc.metric("gatling.failover.live_before_kill.p99", "us", Better.LOWER, BookMetrics.micros(liveBefore.latencies(), 99));
        BookMetrics.normalized(doc, "tools_call_live", liveBefore.latencies(),
                book.summary(BookMetrics.DIRECT, "tools_call", null).latencies());
        floors.atMost("failover.live_failures", live.ko(), 0);
        floors.atLeast("failover.live_success_pct", live.total() == 0 ? Double.NaN : 100.0 * live.ok() / live.total(), 95);
        floors.atLeast("failover.killed", killedAt.get() == 0 ? 0 : 1, 1);
        doc.tag("killedAfter", String.format(Locale.ROOT, "%dms", killAfter.toMillis()));
    }
}
