package io.shadowcat.gatling.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.PopulationBuilder;
import io.shadowcat.gatling.BookMetrics;
import io.shadowcat.gatling.HeapProbe;
import io.shadowcat.gatling.LatencyBook;
import io.shadowcat.gatling.McpFlow;
import io.shadowcat.gatling.McpSuite;
import io.shadowcat.gatling.Props;
import io.shadowcat.gatling.ResultDocument;
import io.shadowcat.gatling.ResultDocument.Better;
import io.shadowcat.gatling.SessionPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Constant open-model load of {@code shadowcat.rate} (200/s) {@code tools/call}s on {@code sessions} (20) sessions for
 * {@code duration} (30 min; CI uses minutes) through the proxy, after {@code directDuration} (1 min at most) of the
 * same load on the direct path. Latency drift: the p50 and p99 of the last of {@code windows} (10) equal windows
 * over the first. Heap growth: the proxy's heap after GC at the end minus at the start, read on its admin port
 * ({@code shadowcat.admin}; without it the heap is not measured). Floors: the latency targets and 95% success.
 */
public final class Soak extends McpSuite {
    private final double rate = param("rate", 200.0);
    private final int sessions = param("sessions", 20);
    private final Duration duration = param("duration", Duration.ofMinutes(30));
    private final Duration directDuration = param("directDuration",
            duration.compareTo(Duration.ofMinutes(1)) < 0 ? duration : Duration.ofMinutes(1));
    private final int windows = param("windows", 10);
    private final String admin = Props.string("admin", null);
    private final HeapProbe heap = admin == null ? null : new HeapProbe(admin);

    public Soak() {
        super("gatling-soak");
        List<String> names = new ArrayList<>();
        List<Long> lengths = new ArrayList<>();
        for (int i = 1; i <= windows; i++) {
            names.add(window(i));
            lengths.add(duration.toNanos() / windows);
        }
        book.phased(BookMetrics.PROXY, names, lengths);
        run(sequence(path -> {
            boolean proxied = path.equals(BookMetrics.PROXY);
            McpFlow flow = flow(path);
            McpFlow setup = new McpFlow("setup " + path, url(path), book, sseEvery);
            SessionPool pool = new SessionPool();
            PopulationBuilder load = scenario(path).feed(pool.feeder()).exec(flow.call())
                    .injectOpen(constantUsersPerSec(rate).during(proxied ? duration : directDuration));
            PopulationBuilder opening = scenario("sessions " + path).exec(setup.open()).exec(pool.keep())
                    .injectOpen(atOnceUsers(sessions));
            if (!proxied || heap == null) {
                return opening.andThen(load);
            }
            return opening.andThen(heap.measure("start", Duration.ZERO)
                    .andThen(load.andThen(heap.measure("end", Duration.ZERO))));
        }), true);
    }

    private static String window(int i) {
        return String.format(Locale.ROOT, "w%02d", i);
    }

    @Override
    protected void addMetrics(ResultDocument doc) {
        LatencyBook.Summary first = book.summary(BookMetrics.PROXY, null, window(1));
        LatencyBook.Summary last = book.summary(BookMetrics.PROXY, null, window(windows));
        for (int i = 1; i <= windows; i++) {
            LatencyBook.Summary w = book.summary(BookMetrics.PROXY, null, window(i));
            doc.tag("proxy." + window(i), String.format(Locale.ROOT, "requests=%d p50=%.0fus p99=%.0fus ko=%d",
                    w.total(), BookMetrics.micros(w.latencies(), 50), BookMetrics.micros(w.latencies(), 99), w.ko()));
        }
        doc.metric("gatling.soak.p50_drift", "ratio", Better.LOWER,
                BookMetrics.micros(last.latencies(), 50) / BookMetrics.micros(first.latencies(), 50));
        doc.metric("gatling.soak.p99_drift", "ratio", Better.LOWER,
                BookMetrics.micros(last.latencies(), 99) / BookMetrics.micros(first.latencies(), 99));
        if (heap != null) {
            heap.readings().forEach((label, bytes) -> doc.tag("heap." + label, bytes));
            heap.breakdown().forEach((label, bytes) -> doc.tag("heap." + label + ".breakdown", bytes));
            doc.metric("gatling.soak.heap_growth", "bytes", Better.LOWER, heap.perUnit("start", "end", 1));
            // Left out of heap_growth (see HeapProbe), so watched on its own: it must level off, not grow.
            Long start = heap.breakdown().get("start");
            Long end = heap.breakdown().get("end");
            if (start != null && end != null) {
                doc.metric("gatling.soak.breakdown_growth", "bytes", Better.LOWER, end - start);
            }
        } else {
            doc.tag("heap", "not measured: no -Dshadowcat.admin");
        }
        EndToEndLatency.latencyFloors(book, floors);
    }
}
