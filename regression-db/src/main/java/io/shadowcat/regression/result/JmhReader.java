package io.shadowcat.regression.result;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads JMH's JSON output ({@code -rf json}) into a {@link Result}. Each benchmark (with its
 * parameters) becomes the metric {@code jmh.<Class>.<method>[<params>].<mode>}; its score is the
 * value and every measurement iteration of every fork is a sample. Throughput modes are better
 * higher, time modes lower. JMH files carry no suite, commit or fingerprint: those come from the
 * {@link RunContext}. Stateless and thread-safe.
 */
public final class JmhReader {
    private JmhReader() {
    }

    /** Whether a parsed document looks like JMH output: an array of objects with a benchmark. */
    public static boolean looksLikeJmh(JsonNode root) {
        return root.isArray() && root.size() > 0 && root.get(0).has("benchmark")
                && root.get(0).has("primaryMetric");
    }

    public static Result read(String file, JsonNode root, RunContext context) throws ResultFormatException {
        Fields fields = new Fields(file);
        List<Metric> metrics = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            String path = "[" + i + "]";
            JsonNode benchmark = root.get(i);
            if (!benchmark.isObject()) {
                throw fields.error(path, "expected a benchmark object, found " + Fields.describe(benchmark));
            }
            Metric metric = metric(fields, benchmark, path);
            if (!names.add(metric.name())) {
                throw fields.error(path + ".benchmark", "duplicate benchmark \"" + metric.name() + "\"");
            }
            metrics.add(metric);
        }
        return new Result(context.suite(), "jmh", context.environment(), context.commit().orElse(""),
                context.branch().orElse("main"), context.time(), Map.of(), metrics);
    }

    private static Metric metric(Fields fields, JsonNode benchmark, String path) throws ResultFormatException {
        String qualified = fields.nonEmptyText(benchmark, path, "benchmark");
        String mode = fields.nonEmptyText(benchmark, path, "mode");
        Direction better = switch (mode) {
            case "thrpt" -> Direction.HIGHER;
            case "avgt", "sample", "ss" -> Direction.LOWER;
            default -> throw fields.error(path + ".mode",
                    "expected thrpt, avgt, sample or ss, found \"" + mode + "\"");
        };
        JsonNode primary = fields.object(benchmark, path, "primaryMetric");
        String primaryPath = path + ".primaryMetric";
        double score = fields.number(primary, primaryPath, "score");
        String unit = fields.nonEmptyText(primary, primaryPath, "scoreUnit");
        List<Double> samples = new ArrayList<>();
        if (primary.hasNonNull("rawData")) {
            List<JsonNode> forks = fields.array(primary, primaryPath, "rawData");
            for (int f = 0; f < forks.size(); f++) {
                String forkPath = primaryPath + ".rawData[" + f + "]";
                if (!forks.get(f).isArray()) {
                    throw fields.error(forkPath, "expected an array, found " + Fields.describe(forks.get(f)));
                }
                for (int s = 0; s < forks.get(f).size(); s++) {
                    samples.add(fields.number(forks.get(f).get(s), forkPath + "[" + s + "]"));
                }
            }
        }
        String name = "jmh." + shortName(qualified) + params(benchmark) + "." + mode;
        if (!MetricNames.isValid(name)) {
            throw fields.error(path + ".benchmark", "\"" + qualified + "\" is not <package>.<Class>.<method>");
        }
        return new Metric(name, unit, better, score, samples, Optional.empty());
    }

    private static String shortName(String qualified) {
        String[] parts = qualified.split("\\.");
        return parts.length < 2 ? qualified : parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    private static String params(JsonNode benchmark) {
        JsonNode params = benchmark.get("params");
        if (params == null || !params.isObject() || params.isEmpty()) {
            return "";
        }
        Map<String, String> sorted = new TreeMap<>();
        params.properties().forEach(p -> sorted.put(p.getKey(), p.getValue().asText()));
        StringBuilder text = new StringBuilder("[");
        sorted.forEach((k, v) -> text.append(text.length() > 1 ? "," : "").append(safe(k)).append('=').append(safe(v)));
        return text.append(']').toString();
    }

    private static String safe(String text) {
        return text.replaceAll("[^A-Za-z0-9_\\-:]", "_");
    }
}
