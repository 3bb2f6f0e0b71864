package io.shadowcat.regression.result;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a parsed {@code shadowcat.result/v1} document into a {@link Result}, checking every field;
 * the first problem is reported with its field path. A document without a branch (as
 * {@code profile report --format json} writes it) is on {@value #DEFAULT_BRANCH} unless the command
 * line names one. Stateless and thread-safe.
 */
public final class ResultReader {
    /** The branch of a document that names none. */
    public static final String DEFAULT_BRANCH = "main";

    private ResultReader() {
    }

    public static Result read(String file, JsonNode root) throws ResultFormatException {
        Fields fields = new Fields(file);
        if (!root.isObject()) {
            throw fields.error("", "expected a " + ResultJson.FORMAT + " object, found " + Fields.describe(root));
        }
        String format = fields.text(root, "", "format");
        if (!ResultJson.FORMAT.equals(format)) {
            throw fields.error("format", "unsupported format \"" + format + "\" (this version reads "
                    + ResultJson.FORMAT + ")");
        }
        String suite = fields.nonEmptyText(root, "", "suite");
        String source = fields.nonEmptyText(root, "", "source");
        Environment environment = environment(fields, fields.object(root, "", "environment"));
        String commit = fields.optionalText(root, "", "commit", "");
        String branch = fields.optionalText(root, "", "branch", DEFAULT_BRANCH);
        if (branch.isEmpty()) {
            throw fields.error("branch", "expected a branch name or null, found an empty string");
        }
        Instant time = time(fields, fields.text(root, "", "time"));
        Map<String, String> tags = tags(fields, root);
        List<Metric> metrics = metrics(fields, fields.array(root, "", "metrics"));
        return new Result(suite, source, environment, commit, branch, time, tags, metrics);
    }

    private static Environment environment(Fields fields, JsonNode node) throws ResultFormatException {
        String path = "environment";
        double cores = fields.number(node, path, "cores");
        if (cores < 1 || cores != Math.rint(cores)) {
            throw fields.error(path + ".cores", "expected a whole number of at least 1, found " + cores);
        }
        return new Environment(fields.text(node, path, "cpuModel"), (int) cores,
                fields.text(node, path, "jvm"), fields.text(node, path, "os"),
                fields.optionalText(node, path, "configHash", ""));
    }

    private static Instant time(Fields fields, String text) throws ResultFormatException {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw fields.error("time", "expected an ISO-8601 instant such as 2026-11-26T19:00:00Z, found \""
                    + text + "\"");
        }
    }

    private static Map<String, String> tags(Fields fields, JsonNode root) throws ResultFormatException {
        Map<String, String> tags = new LinkedHashMap<>();
        if (root.hasNonNull("tags")) {
            JsonNode node = fields.object(root, "", "tags");
            for (Map.Entry<String, JsonNode> tag : node.properties()) {
                tags.put(tag.getKey(), fields.text(node, "tags", tag.getKey()));
            }
        }
        return tags;
    }

    private static List<Metric> metrics(Fields fields, List<JsonNode> nodes) throws ResultFormatException {
        if (nodes.isEmpty()) {
            throw fields.error("metrics", "must hold at least one metric");
        }
        List<Metric> metrics = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            String path = "metrics[" + i + "]";
            Metric metric = metric(fields, nodes.get(i), path);
            if (!names.add(metric.name())) {
                throw fields.error(path + ".name", "duplicate metric \"" + metric.name() + "\"");
            }
            metrics.add(metric);
        }
        return metrics;
    }

    private static Metric metric(Fields fields, JsonNode node, String path) throws ResultFormatException {
        if (!node.isObject()) {
            throw fields.error(path, "expected an object, found " + Fields.describe(node));
        }
        String name = fields.nonEmptyText(node, path, "name");
        if (!MetricNames.isValid(name)) {
            throw fields.error(path + ".name", "\"" + name + "\" is not <source>.<scope>.<statistic>");
        }
        String unit = fields.nonEmptyText(node, path, "unit");
        String better = fields.text(node, path, "better");
        Direction direction = Direction.of(better).orElseThrow(() -> fields.error(path + ".better",
                "expected \"lower\" or \"higher\", found \"" + better + "\""));
        double value = fields.number(node, path, "value");
        List<Double> samples = new ArrayList<>();
        if (node.hasNonNull("samples")) {
            List<JsonNode> sampleNodes = fields.array(node, path, "samples");
            for (int j = 0; j < sampleNodes.size(); j++) {
                samples.add(fields.number(sampleNodes.get(j), path + ".samples[" + j + "]"));
            }
        }
        Optional<String> histogram = Optional.ofNullable(
                fields.optionalText(node, path, "histogram", null));
        if (histogram.isPresent() && !Histograms.isDecodable(histogram.get())) {
            throw fields.error(path + ".histogram", "not a Base64, compressed HdrHistogram");
        }
        return new Metric(name, unit, direction, value, samples, histogram);
    }
}
