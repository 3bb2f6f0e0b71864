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
 * {@code gatling.overhead.…}. When nginx ran as a third path: {@code gatling.nginx.<op>.<stat>}, its own overhead
 * over the direct path {@code gatling.nginx.overhead.<op>.p50|p99}, and Shadowcat ÷ nginx as
 * {@code gatling.ratio_nginx.<op>.p50|p99} and {@code gatling.ratio_nginx.global.rps}.
 */
public final class BookMetrics {
    public static final String PROXY = "proxy";
    public static final String DIRECT = "direct";
    /** nginx as a plain reverse proxy of the same upstream: the yardstick of what a proxy costs. */
    public static final String NGINX = "nginx";

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
            doc.metric("gatling.ratio.global.rps", "ratio", Better.HIGHER, rps(book, PROXY) / rps(book, DIRECT));
        }
        if (normalized && book.paths().contains(PROXY) && book.paths().contains(NGINX)) {
            for (String op : book.ops(PROXY)) {
                if (!book.ops(NGINX).contains(op)) {
                    continue;
                }
                Histogram proxy = book.summary(PROXY, op, null).latencies();
                Histogram nginx = book.summary(NGINX, op, null).latencies();
                ratios(doc, "gatling.ratio_nginx." + op, proxy, nginx);
                if (book.paths().contains(DIRECT) && book.ops(DIRECT).contains(op)) {
                    overheads(doc, "gatling.nginx.overhead." + op, nginx, book.summary(DIRECT, op, null).latencies());
                }
            }
            doc.metric("gatling.ratio_nginx.global.rps", "ratio", Better.HIGHER, rps(book, PROXY) / rps(book, NGINX));
        }
    }

    private static double rps(LatencyBook book, String path) {
        return book.summary(path, null, null).total() / book.seconds(path);
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
        ratios(doc, "gatling.ratio." + op, proxy, direct);
        overheads(doc, "gatling.overhead." + op, proxy, direct);
    }

    /** {@code <name>.p50|p99}: the first histogram's percentile ÷ the second's. */
    private static void ratios(ResultDocument doc, String name, Histogram over, Histogram under) {
        if (over.getTotalCount() == 0 || under.getTotalCount() == 0) {
            return;
        }
        doc.metric(name + ".p50", "ratio", Better.LOWER, micros(over, 50) / micros(under, 50));
        doc.metric(name + ".p99", "ratio", Better.LOWER, micros(over, 99) / micros(under, 99));
    }

    /** {@code <name>.p50|p99}: the first histogram's percentile − the second's, in µs. */
    private static void overheads(ResultDocument doc, String name, Histogram over, Histogram under) {
        if (over.getTotalCount() == 0 || under.getTotalCount() == 0) {
            return;
        }
        doc.metric(name + ".p50", "us", Better.LOWER, micros(over, 50) - micros(under, 50));
        doc.metric(name + ".p99", "us", Better.LOWER, micros(over, 99) - micros(under, 99));
    }
}
