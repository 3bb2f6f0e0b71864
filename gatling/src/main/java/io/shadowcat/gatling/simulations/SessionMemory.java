package io.shadowcat.gatling.simulations;

import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exitHereIf;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.PopulationBuilder;
import io.shadowcat.gatling.BookMetrics;
import io.shadowcat.gatling.HeapProbe;
import io.shadowcat.gatling.McpFlow;
import io.shadowcat.gatling.McpSuite;
import io.shadowcat.gatling.Props;
import io.shadowcat.gatling.ResultDocument;
import io.shadowcat.gatling.ResultDocument.Better;
import io.shadowcat.gatling.SessionPool;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What sessions and idle connections cost the proxy in heap, read after a full GC on its admin port
 * ({@code shadowcat.admin}, required) at each step:
 * <ol>
 *   <li>{@code baseline};
 *   <li>{@code sessions}: after {@code sessions} (10,000) clients opened a session each (over {@code ramp}, 40 s
 *       at full size) and went away, their connections closed;
 *   <li>{@code idle}: while {@code idleConnections} (1,000) more clients each hold their own open, idle connection,
 *       on which they opened a session (initialize and the initialized notification);
 *   <li>{@code idle_closed}: after those connections closed;
 *   <li>{@code deleted}: after every session of step 2 was ended with DELETE.
 * </ol>
 * Per session = (sessions − baseline) / sessions opened; per idle connection = (idle − idle_closed) / idleConnections;
 * per ended session = (deleted − idle_closed) / sessions opened (the proxy remembers ended sessions). Every client, opening or
 * ending a session, uses its own connection and closes it when done, so that no pooled client connection is still
 * open at a reading; the proxy's own keep-alive connections to the upstream are counted. The direct path opens the
 * same number of sessions, for the initialize ratios. Floors: at least 95% of the sessions opened through the proxy,
 * under 10 KiB per session and per idle connection.
 */
public final class SessionMemory extends McpSuite {
    private final int sessions = param("sessions", 10_000);
    private final int idleConnections = param("idleConnections", 1_000);
    private final Duration ramp = param("ramp", Duration.ofSeconds(10));
    private final Duration settle = param("settle", Duration.ofSeconds(2));
    private final HeapProbe heap = new HeapProbe(Props.required("admin"));
    private final Map<String, SessionPool> pools = new ConcurrentHashMap<>();

    public SessionMemory() {
        super("gatling-session-memory");
        run(sequence(path -> {
            McpFlow flow = flow(path);
            SessionPool pool = pools.computeIfAbsent(path, p -> new SessionPool());
            PopulationBuilder opening = scenario(path).exec(flow.initialize())
                    .exec(exitHereIf(session -> !session.contains(McpFlow.SESSION)))
                    .exec(flow.timedNotification()).exec(pool.keep())
                    .injectOpen(rampUsers(sessions).during(ramp)).protocols(protocol(false));
            if (path.equals(BookMetrics.DIRECT)) {
                return opening;
            }
            McpFlow idleFlow = new McpFlow("setup idle", url(path), book, sseEvery);
            // Each idle client holds its own connection until after the "idle" reading has been taken: that reading
            // starts ramp + settle after the first idle client, and its two full GCs on the proxy take about a second.
            Duration hold = ramp.plus(settle).plus(settle).plus(Duration.ofSeconds(5));
            // An idle client has opened its session as every MCP client does (initialize, then the initialized
            // notification on the same connection) and then sends nothing.
            PopulationBuilder idlers = scenario("idle connections").exec(idleFlow.initialize())
                    .exec(doIf(session -> session.contains(McpFlow.SESSION)).then(idleFlow.timedNotification()))
                    .exec(pause(hold)).injectOpen(rampUsers(idleConnections).during(ramp))
                    .protocols(protocol(false));
            McpFlow closeFlow = new McpFlow("setup close", url(path), book, sseEvery);
            PopulationBuilder closers = scenario("end sessions").feed(pool.once())
                    .exec(exitHereIf(session -> !session.contains(McpFlow.SESSION))).exec(closeFlow.close())
                    .injectOpen(rampUsers(sessions).during(ramp)).protocols(protocol(false));
            return heap.measure("baseline", Duration.ZERO).andThen(
                    opening.andThen(heap.measure("sessions", settle).andThen(
                            idlers.andThen(heap.measure("idle_closed", settle).andThen(
                                    closers.andThen(heap.measure("deleted", settle)))),
                            heap.measure("idle", ramp.plus(settle)))));
        }), true);
    }

    @Override
    protected void addMetrics(ResultDocument doc) {
        heap.readings().forEach((label, bytes) -> doc.tag("heap." + label, bytes));
        heap.breakdown().forEach((label, bytes) -> doc.tag("heap." + label + ".breakdown", bytes));
        // Per session opened: one refused on a crowded machine (503 while the proxy sheds) costs nothing.
        int opened = pools.getOrDefault(BookMetrics.PROXY, new SessionPool()).size();
        doc.tag("sessions.opened", opened);
        double perSession = heap.perUnit("baseline", "sessions", opened);
        double perIdle = heap.perUnit("idle_closed", "idle", idleConnections);
        double perEnded = heap.perUnit("idle_closed", "deleted", opened);
        doc.metric("gatling.memory.per_session", "bytes", Better.LOWER, perSession);
        doc.metric("gatling.memory.per_idle_connection", "bytes", Better.LOWER, perIdle);
        doc.metric("gatling.memory.per_ended_session", "bytes", Better.LOWER, perEnded);
        heap.reading("baseline").ifPresent(b -> doc.metric("gatling.memory.baseline", "bytes", Better.LOWER, b));
        floors.atLeast("memory.sessions_opened_pct", 100.0 * opened / sessions, 95);
        floors.atMost("memory.per_session_bytes", perSession, 10 * 1024);
        floors.atMost("memory.per_idle_connection_bytes", perIdle, 10 * 1024);
    }
}
