package io.shadowcat.gatling.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.shadowcat.gatling.BookMetrics;
import io.shadowcat.gatling.LatencyBook;
import io.shadowcat.gatling.McpFlow;
import io.shadowcat.gatling.McpSuite;
import io.shadowcat.gatling.ResultDocument;
import io.shadowcat.gatling.ResultDocument.Better;
import io.shadowcat.gatling.SessionPool;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Overload and recovery: {@code normalRate} (100/s) {@code tools/call}s for {@code before} (20 s), then
 * {@code stressRate} (twice {@code saturationRate}, which the harness takes from the Throughput suite's result; 500/s
 * unless told) for {@code stressDuration} (20 s), then the normal rate again for {@code recovery} (20 s); every
 * request gives up after {@code requestTimeout} (5 s). The direct path gets the normal rate for {@code before}, for
 * the ratios. Figures per phase, the share shed cleanly (429 or 503), requests that got no answer in time, and the
 * recovery p99 over the p99 before. Phases are told apart by when a call started: when the load generator itself falls
 * behind, late arrivals of the overload are counted in the recovery. Floors: no request without an answer, no failure during the overload other than
 * 429/503, and after it 95% success with p99 under 50 ms.
 */
public final class Stress extends McpSuite {
    private static final List<String> PHASES = List.of("before", "overload", "after");
    private final double normalRate = param("normalRate", 100.0);
    private final double stressRate = param("stressRate", 2 * param("saturationRate", 500.0));
    private final Duration before = param("before", Duration.ofSeconds(20));
    private final Duration stress = param("stressDuration", Duration.ofSeconds(20));
    private final Duration recovery = param("recovery", Duration.ofSeconds(20));
    private final int sessions = param("sessions", 50);
    private final Duration timeout = param("requestTimeout", Duration.ofSeconds(5));

    public Stress() {
        super("gatling-stress");
        book.phased(BookMetrics.PROXY, PHASES, List.of(before.toNanos(), stress.toNanos(), recovery.toNanos()));
        run(sequence(path -> {
            boolean proxied = path.equals(BookMetrics.PROXY);
            McpFlow flow = flow(path).withTimeout(timeout);
            McpFlow setup = new McpFlow("setup " + path, url(path), book, sseEvery);
            SessionPool pool = new SessionPool();
            OpenInjectionStep[] profile = proxied
                    ? new OpenInjectionStep[] {constantUsersPerSec(normalRate).during(before),
                        constantUsersPerSec(stressRate).during(stress), constantUsersPerSec(normalRate).during(recovery)}
                    : new OpenInjectionStep[] {constantUsersPerSec(normalRate).during(before)};
            return scenario("sessions " + path).exec(setup.open()).exec(pool.keep()).injectOpen(atOnceUsers(sessions))
                    .andThen(scenario(path).feed(pool.feeder()).exec(flow.call()).injectOpen(profile));
        }), true);
    }

    @Override
    protected boolean wholeRunComparable() {
        return false;
    }

    @Override
    protected void addMetrics(ResultDocument doc) {
        // The direct path ran only the normal rate: the ratios compare it with the proxied path before the overload.
        BookMetrics.normalized(doc, "stress_before", book.summary(BookMetrics.PROXY, null, "before").latencies(),
                book.summary(BookMetrics.DIRECT, null, null).latencies());
        long timeouts = 0;
        for (String phase : PHASES) {
            LatencyBook.Summary s = book.summary(BookMetrics.PROXY, null, phase);
            String scope = "gatling.stress." + phase;
            doc.metric(scope + ".p50", "us", Better.LOWER, BookMetrics.micros(s.latencies(), 50));
            doc.metric(scope + ".p99", "us", Better.LOWER, BookMetrics.micros(s.latencies(), 99));
            doc.metric(scope + ".success_pct", "%", Better.HIGHER, s.total() == 0 ? Double.NaN : 100.0 * s.ok() / s.total());
            timeouts += s.outcomes().getOrDefault("no_response", 0L);
            doc.tag("proxy." + phase, String.format(Locale.ROOT, "requests=%d outcomes=%s", s.total(), s.outcomes()));
        }
        LatencyBook.Summary overload = book.summary(BookMetrics.PROXY, null, "overload");
        long shed = overload.outcomes().getOrDefault("status_429", 0L) + overload.outcomes().getOrDefault("status_503", 0L);
        long unclean = overload.ko() - shed;
        doc.metric("gatling.stress.shed_pct", "%", Better.LOWER, overload.total() == 0 ? Double.NaN : 100.0 * shed / overload.total());
        doc.metric("gatling.stress.unclean_failures", "requests", Better.LOWER, unclean);
        doc.metric("gatling.stress.timeouts", "requests", Better.LOWER, timeouts);
        LatencyBook.Summary first = book.summary(BookMetrics.PROXY, null, "before");
        LatencyBook.Summary after = book.summary(BookMetrics.PROXY, null, "after");
        doc.metric("gatling.stress.recovery_p99_ratio", "ratio", Better.LOWER,
                BookMetrics.micros(after.latencies(), 99) / BookMetrics.micros(first.latencies(), 99));
        floors.atMost("stress.timeouts", timeouts, 0);
        floors.atMost("stress.unclean_failures", unclean, 0);
        floors.atLeast("stress.after.success_pct", after.total() == 0 ? Double.NaN : 100.0 * after.ok() / after.total(), 95);
        floors.atMost("stress.after.p99_us", BookMetrics.micros(after.latencies(), 99), 50_000);
    }
}
