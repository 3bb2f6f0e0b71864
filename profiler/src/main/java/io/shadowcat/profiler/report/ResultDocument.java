package io.shadowcat.profiler.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.profiler.analysis.Breakdown;
import io.shadowcat.profiler.analysis.Column;
import io.shadowcat.profiler.analysis.ColumnHistograms;
import io.shadowcat.profiler.analysis.ColumnSummary;
import io.shadowcat.profiler.analysis.Environment;
import io.shadowcat.profiler.analysis.ExchangeRecord;
import io.shadowcat.profiler.findings.JvmFindings;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

/**
 * {@code profile report --format json}: the report as a {@code shadowcat.result/v1} document, the
 * form the regression database stores and {@code profile diff} reads back.
 *
 * <p>Metrics are named {@code profile.stage.<column>.<statistic>} ({@code p50}, {@code p90},
 * {@code p99}, {@code p999}, {@code max}, {@code mean}), {@code profile.method.<method>.<column>.<statistic>}
 * and {@code profile.tool.<tool>.<column>.<statistic>} (names reduced to {@code [A-Za-z0-9_]}); all in
 * nanoseconds, lower is better; and, when the recording has {@code jdk.CPULoad} samples,
 * {@link #OTHERS_CPU} (%), which describes the machine rather than the proxy. Each stage's {@code p50} metric also carries the stage's whole
 * distribution as a base64 compressed HdrHistogram, so a diff can compute confidence intervals from a
 * document alone. The {@code report} member holds the full breakdown for people and tools that want it.
 * Stateless.
 */
public final class ResultDocument {
    /** The document schema this class writes. */
    public static final String SCHEMA = "shadowcat.result/v1";
    /** The {@code source} of every profiler document. */
    public static final String SOURCE = "profile";
    /** The share of the machine's CPU (%) other processes took while the exchanges ran: a yardstick. */
    public static final String OTHERS_CPU = "profile.machine.others_cpu.mean";
    /** The member of a metric that carries an encoded histogram. */
    public static final String HISTOGRAM = "histogram";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultDocument() {
    }

    /** The document as indented JSON text. */
    public static String render(Report report) {
        try {
            return JSON.writeValueAsString(tree(report)) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a report tree always serialises", e);
        }
    }

    /** The document as a JSON tree. */
    public static ObjectNode tree(Report report) {
        Breakdown b = report.breakdown();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", SCHEMA);
        root.put("suite", report.suite());
        root.put("source", SOURCE);
        root.set("environment", environment(b.environment()));
        root.putNull("commit");
        root.putNull("branch");
        root.put("time", b.first().toString());
        ArrayNode metrics = root.putArray("metrics");
        for (Column column : Column.ALL) {
            ColumnSummary s = b.all().summary(column);
            statistics(metrics, "profile.stage." + column.name(), s).put(HISTOGRAM, encode(b.all().histogram(column)));
        }
        groupMetrics(metrics, "profile.method.", b.byMethod());
        groupMetrics(metrics, "profile.tool.", b.byTool());
        if (b.othersCpu().isPresent()) {
            // Not the proxy's own figure: how busy the machine was; regress check treats it as a yardstick.
            ObjectNode others = metrics.addObject();
            others.put("name", OTHERS_CPU).put("unit", "%").put("better", "lower")
                    .put("value", Math.round(b.othersCpu().getAsDouble() * 1000) / 10.0);
        }

        ObjectNode detail = root.putObject("report");
        detail.put("recording", b.recording());
        detail.put("exchanges", b.count());
        detail.put("from", b.first().toString());
        detail.put("to", b.last().toString());
        detail.set("stages", summaries(b.all()));
        ObjectNode methods = detail.putObject("methods");
        b.byMethod().forEach((name, h) -> methods.set(name, summaries(h)));
        ObjectNode tools = detail.putObject("tools");
        b.byTool().forEach((name, h) -> tools.set(name, summaries(h)));
        ArrayNode slowest = detail.putArray("slowest");
        for (ExchangeRecord e : b.slowest()) {
            ObjectNode row = slowest.addObject();
            row.put("exchangeId", e.exchangeId());
            row.put("start", e.start().toString());
            row.put("method", e.method());
            row.put("tool", e.tool());
            row.put("upstream", e.upstream());
            row.put("status", e.status());
            row.put("rpcError", e.rpcError());
            ObjectNode nanos = row.putObject("nanos");
            for (Column column : Column.ALL) {
                nanos.put(column.name(), e.nanos(column));
            }
        }
        detail.set("findings", JSON.valueToTree(report.findings()));
        return root;
    }

    /** The metric-name form of a method or tool name. */
    public static String metricScope(String name) {
        return name.replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** A histogram as base64 of its compressed HdrHistogram encoding. */
    public static String encode(AbstractHistogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    /** The inverse of {@link #encode}. */
    public static Histogram decode(String base64) throws java.util.zip.DataFormatException {
        return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    }

    private static void groupMetrics(ArrayNode metrics, String prefix, Map<String, ColumnHistograms> groups) {
        groups.forEach((name, h) -> {
            statistics(metrics, prefix + metricScope(name) + ".total", h.summary(Column.TOTAL));
            statistics(metrics, prefix + metricScope(name) + ".overhead", h.summary(Column.OVERHEAD));
        });
    }

    /** Adds the six statistics of {@code scope} and returns the p50 metric. */
    private static ObjectNode statistics(ArrayNode metrics, String scope, ColumnSummary s) {
        ObjectNode p50 = metric(metrics, scope + ".p50", s.p50());
        metric(metrics, scope + ".p90", s.p90());
        metric(metrics, scope + ".p99", s.p99());
        metric(metrics, scope + ".p999", s.p999());
        metric(metrics, scope + ".max", s.max());
        metric(metrics, scope + ".mean", s.mean());
        return p50;
    }

    private static ObjectNode metric(ArrayNode metrics, String name, double value) {
        ObjectNode metric = metrics.addObject();
        metric.put("name", name);
        metric.put("unit", "ns");
        metric.put("better", "lower");
        if (value == Math.rint(value)) {
            metric.put("value", (long) value);
        } else {
            metric.put("value", value);
        }
        return metric;
    }

    private static ArrayNode summaries(ColumnHistograms histograms) {
        ArrayNode out = JSON.createArrayNode();
        histograms.summaries().forEach(s -> out.add(JSON.valueToTree(s)));
        return out;
    }

    private static ObjectNode environment(Environment e) {
        ObjectNode node = JSON.createObjectNode();
        node.put("cpuModel", e.cpuModel());
        node.put("cores", e.cores());
        node.put("jvm", e.jvm());
        node.put("os", e.os());
        node.put("configHash", e.configHash());
        return node;
    }
}
