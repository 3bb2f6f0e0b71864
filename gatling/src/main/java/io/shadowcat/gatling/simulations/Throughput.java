package io.shadowcat.gatling.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.incrementUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.shadowcat.gatling.BookMetrics;
import io.shadowcat.gatling.LatencyBook;
import io.shadowcat.gatling.McpFlow;
import io.shadowcat.gatling.McpSuite;
import io.shadowcat.gatling.ResultDocument;
import io.shadowcat.gatling.ResultDocument.Better;
import io.shadowcat.gatling.SessionPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open model, stepped to saturation: {@code shadowcat.sessions} (50) sessions are opened first, then
 * {@code tools/call}s arrive at {@code rateStart} (200/s), {@code rateStart + rateStep} (+200/s), … for
 * {@code levels} (10) levels of {@code levelDuration} (10 s) each, over shared keep-alive connections; a call gives
 * up after {@code requestTimeout} (10 s), so that the levels past saturation stay bounded. The figure
 * is the highest offered rate the path held: at least 95% of it achieved, at least 95% successful, p99 under
 * {@code p99Bound} (50 ms); also, without the bound, the highest rate carried at all. Floor: the proxy holds at
 * least 500 requests/s.
 */
public final class Throughput extends McpSuite {
    private final int sessions = param("sessions", 50);
    private final double rateStart = param("rateStart", 200.0);
    private final double rateStep = param("rateStep", 200.0);
    private final int levels = param("levels", 10);
    private final Duration levelDuration = param("levelDuration", Duration.ofSeconds(10));
    private final Duration p99Bound = param("p99Bound", Duration.ofMillis(50));
    private final Duration timeout = param("requestTimeout", Duration.ofSeconds(10));
    private final Map<String, Double> held = new ConcurrentHashMap<>();

    public Throughput() {
        super("gatling-throughput");
        List<String> names = new ArrayList<>();
        List<Long> lengths = new ArrayList<>();
        for (int i = 0; i < levels; i++) {
            names.add(level(i));
            lengths.add(levelDuration.toNanos());
        }
        run(sequence(path -> {
            book.phased(path, names, lengths);
            McpFlow flow = flow(path).withTimeout(timeout);
            McpFlow setup = new McpFlow("setup " + path, url(path), book, sseEvery);
            SessionPool pool = new SessionPool();
            return scenario("sessions " + path).exec(setup.open()).exec(pool.keep()).injectOpen(atOnceUsers(sessions))
                    .andThen(scenario(path).feed(pool.feeder()).exec(flow.call())
                            .injectOpen(incrementUsersPerSec(rateStep).times(levels).eachLevelLasting(levelDuration)
                                    .startingFrom(rateStart)));
        }), true);
    }

    private double rate(int level) {
        return rateStart + level * rateStep;
    }

    private String level(int i) {
        return String.format(Locale.ROOT, "rate_%06.0f", rate(i));
    }

    @Override
    protected boolean nginxComparable() {
        return true;
    }

    @Override
    protected void addMetrics(ResultDocument doc) {
        for (String path : paths()) {
            double best = Double.NaN;
            double achievedBest = 0;
            for (int i = 0; i < levels; i++) {
                LatencyBook.Summary step = book.summary(path, null, level(i));
                double achieved = step.total() / (levelDuration.toNanos() / 1e9);
                double p99 = BookMetrics.micros(step.latencies(), 99);
                double success = step.total() == 0 ? 0 : 100.0 * step.ok() / step.total();
                doc.tag(path + "." + level(i), String.format(Locale.ROOT, "achieved=%.0f/s p50=%.0fus p99=%.0fus ok=%.1f%%",
                        achieved, BookMetrics.micros(step.latencies(), 50), p99, success));
                if (achieved >= 0.95 * rate(i) && success >= 95) {
                    achievedBest = Math.max(achievedBest, achieved);
                    if (p99 <= p99Bound.toNanos() / 1e3) {
                        best = rate(i);
                    }
                }
            }
            held.put(path, best);
            doc.metric(BookMetrics.prefix(path) + "throughput.max_rps", "req/s", Better.HIGHER, Double.isNaN(best) ? 0 : best);
            // Without the latency bound: the highest rate carried at all (95% achieved and ok). Equal to the top
            // level's rate when the steps never reached saturation.
            doc.metric(BookMetrics.prefix(path) + "throughput.max_achieved_rps", "req/s", Better.HIGHER, achievedBest);
        }
        if (held.containsKey(BookMetrics.DIRECT) && held.get(BookMetrics.DIRECT) > 0) {
            doc.metric("gatling.ratio.throughput.max_rps", "ratio", Better.HIGHER,
                    held.getOrDefault(BookMetrics.PROXY, 0.0) / held.get(BookMetrics.DIRECT));
        }
        if (held.containsKey(BookMetrics.NGINX) && held.get(BookMetrics.NGINX) > 0) {
            doc.metric("gatling.ratio_nginx.throughput.max_rps", "ratio", Better.HIGHER,
                    held.getOrDefault(BookMetrics.PROXY, 0.0) / held.get(BookMetrics.NGINX));
        }
        floors.atLeast("throughput.max_rps", held.getOrDefault(BookMetrics.PROXY, Double.NaN), 500);
    }
}
