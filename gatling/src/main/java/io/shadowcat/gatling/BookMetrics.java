package io.shadowcat.gatling;

import io.shadowcat.gatling.ResultDocument.Better;
import org.HdrHistogram.Histogram;

/**
 * The standard figures of a {@link LatencyBook} as metrics: per path and tool-call operation the mean, p50, p95,
 * p99, p99.9 and max in microseconds (the p50 carries the histogram; the handshake operations get mean, p50, p99), per path the request rate, success share and failures,
 * and, when both paths ran, the normalized figures that travel between machines: proxied ÷ direct latency and
 * throughput, and the proxy overhead (proxied − direct) in microseconds. Stateless.
 *
 * <p>Names: the proxied path is {@code gatling.<op>.<stat>} and {@code gatling.global.<stat>} (DESIGN.md), the
 * direct path {@code gatling.direct.<op>.<stat>}, normalized ones {@code gatling.ratio.…} and
 * {@code gatling.overhead.…}.
 */
public final class BookMetrics {
    public static final String PROXY = "proxy";
    public static final String DIRECT = "direct";

    private BookMetrics() {
    }

    public static void addAll(ResultDocument doc, LatencyBook book) {
        addAll(doc, book, true);
    }

    /** As {@link #addAll(ResultDocument, LatencyBook)}; {@code normalized}: also the whole-run ratios. */
    public static void addAll(ResultDocument doc, LatencyBook book, boolean normalized) {
        for (String path : book.paths()) {
            String prefix = prefix(path);
            for (String op : book.ops(path)) {
                latencies(doc, prefix + op, book.summary(path, op, null).latencies(), op.startsWith("tools_call"));
            }
            LatencyBook.Summary all = book.summary(path, null, null);
            double seconds = book.seconds(path);
            doc.metric(prefix + "global.rps", "req/s", Better.HIGHER, seconds > 0 ? all.total() / seconds : Double.NaN);
            doc.metric(prefix + "global.success_pct", "%", Better.HIGHER,
                    all.total() == 0 ? Double.NaN : 100.0 * all.ok() / all.total());
            doc.metric(prefix + "global.ko", "requests", Better.LOWER, all.ko());
            doc.tag(path + ".requests", all.total());
            all.outcomes().forEach((outcome, count) -> doc.tag(path + ".outcome." + outcome, count));
        }
        if (normalized && book.paths().contains(PROXY) && book.paths().contains(DIRECT)) {
            for (String op : book.ops(PROXY)) {
                if (book.ops(DIRECT).contains(op)) {
                    normalized(doc, op, book.summary(PROXY, op, null).latencies(),
                            book.summary(DIRECT, op, null).latencies());
                }
            }
            double proxyRps = book.summary(PROXY, null, null).total() / book.seconds(PROXY);
            double directRps = book.summary(DIRECT, null, null).total() / book.seconds(DIRECT);
            doc.metric("gatling.ratio.global.rps", "ratio", Better.HIGHER, proxyRps / directRps);
        }
    }

    /** {@code gatling.} for the proxied path, {@code gatling.direct.} for the direct one, else the path's name. */
    public static String prefix(String path) {
        return PROXY.equals(path) ? "gatling." : "gatling." + path + ".";
    }

    /** Mean, p50 (with the histogram) and p99; with {@code full} also p95, p99.9 and max. */
    public static void latencies(ResultDocument doc, String scope, Histogram nanos, boolean full) {
        if (nanos.getTotalCount() == 0) {
            return;
        }
        doc.metric(scope + ".mean", "us", Better.LOWER, nanos.getMean() / 1000);
        doc.metric(scope + ".p50", "us", Better.LOWER, micros(nanos, 50), nanos);
        if (full) {
            doc.metric(scope + ".p95", "us", Better.LOWER, micros(nanos, 95));
        }
        doc.metric(scope + ".p99", "us", Better.LOWER, micros(nanos, 99));
        if (full) {
            doc.metric(scope + ".p999", "us", Better.LOWER, micros(nanos, 99.9));
            doc.metric(scope + ".max", "us", Better.LOWER, nanos.getMaxValue() / 1000.0);
        }
    }

    public static double micros(Histogram nanos, double percentile) {
        return nanos.getTotalCount() == 0 ? Double.NaN : nanos.getValueAtPercentile(percentile) / 1000.0;
    }

    /** {@code gatling.ratio.<scope>.p50|p99} and {@code gatling.overhead.<scope>.p50|p99} of two histograms. */
    public static void normalized(ResultDocument doc, String op, Histogram proxy, Histogram direct) {
        if (proxy.getTotalCount() == 0 || direct.getTotalCount() == 0) {
            return;
        }
        for (double percentile : new double[] {50, 99}) {
            String stat = percentile == 50 ? "p50" : "p99";
            double p = micros(proxy, percentile);
            double d = micros(direct, percentile);
            doc.metric("gatling.ratio." + op + "." + stat, "ratio", Better.LOWER, p / d);
            doc.metric("gatling.overhead." + op + "." + stat, "us", Better.LOWER, p - d);
        }
    }
}
