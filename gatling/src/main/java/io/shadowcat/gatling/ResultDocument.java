package io.shadowcat.gatling;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * One suite run as a {@code shadowcat.result/v1} document (DESIGN.md, "Regression history"): suite, source
 * {@code gatling}, this machine's environment, commit, branch, time, tags and metrics. The regression database reads
 * it with {@code regress record}; this module shares no code with it, only the format.
 *
 * <p>Not thread-safe: a suite fills it in its {@code after()} hook and writes it once.
 */
public final class ResultDocument {
    public static final String FORMAT = "shadowcat.result/v1";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode root = JsonNodeFactory.instance.objectNode();
    private final ObjectNode tags;
    private final ArrayNode metrics;

    public ResultDocument(String suite, String commit, String branch, String configHash) {
        root.put("format", FORMAT);
        root.put("suite", suite);
        root.put("source", "gatling");
        ObjectNode environment = root.putObject("environment");
        environment.put("cpuModel", cpuModel());
        environment.put("cores", Runtime.getRuntime().availableProcessors());
        environment.put("jvm", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        environment.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        environment.put("configHash", configHash);
        if (!commit.isEmpty()) {
            root.put("commit", commit);
        }
        root.put("branch", branch);
        root.put("time", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        tags = root.putObject("tags");
        metrics = root.putArray("metrics");
    }

    public ResultDocument tag(String name, Object value) {
        tags.put(name, String.valueOf(value));
        return this;
    }

    /** Adds a metric; a value that is not finite (no exchanges to compute it from) is left out. */
    public ResultDocument metric(String name, String unit, Better better, double value) {
        return metric(name, unit, better, value, null);
    }

    /** Adds a metric with its raw latencies, as the Base64 of a compressed HdrHistogram in microseconds. */
    public ResultDocument metric(String name, String unit, Better better, double value, Histogram nanos) {
        if (!Double.isFinite(value)) {
            return this;
        }
        ObjectNode metric = metrics.addObject();
        metric.put("name", name);
        metric.put("unit", unit);
        metric.put("better", better.word);
        metric.put("value", Math.round(value * 1000) / 1000.0);
        if (nanos != null && nanos.getTotalCount() > 0) {
            metric.put("histogram", encodeMicros(nanos));
        }
        return this;
    }

    public List<String> metricNames() {
        return metrics.findValuesAsText("name");
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, MAPPER.writeValueAsString(root) + "\n");
    }

    @Override
    public String toString() {
        return root.toString();
    }

    static String encodeMicros(Histogram nanos) {
        Histogram micros = new Histogram(3);
        for (HistogramIterationValue value : nanos.recordedValues()) {
            micros.recordValueWithCount(Math.max(1, value.getValueIteratedTo() / 1000), value.getCountAtValueIteratedTo());
        }
        ByteBuffer buffer = ByteBuffer.allocate(micros.getNeededByteBufferCapacity());
        int length = micros.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Which way a metric improves. */
    public enum Better {
        LOWER("lower"), HIGHER("higher");

        final String word;

        Better(String word) {
            this.word = word;
        }
    }

    /** The suite parameters worth keeping beside the figures, as tags. */
    public ResultDocument tags(Map<String, ?> values) {
        values.forEach(this::tag);
        return this;
    }
}
