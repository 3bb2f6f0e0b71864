package io.shadowcat.regression.result;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Writes a {@link Result} as a {@code shadowcat.result/v1} document; {@link ResultReader} reads it
 * back. Field order is fixed, so the compact form is canonical. Stateless and thread-safe.
 */
public final class ResultJson {
    /** The format identifier every result file starts with. */
    public static final String FORMAT = "shadowcat.result/v1";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResultJson() {
    }

    public static ObjectNode toNode(Result result) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", FORMAT);
        root.put("suite", result.suite());
        root.put("source", result.source());
        Environment env = result.environment();
        ObjectNode environment = root.putObject("environment");
        environment.put("cpuModel", env.cpuModel());
        environment.put("cores", env.cores());
        environment.put("jvm", env.jvm());
        environment.put("os", env.os());
        environment.put("configHash", env.configHash());
        root.put("commit", result.commit());
        root.put("branch", result.branch());
        root.put("time", result.time().toString());
        ObjectNode tags = root.putObject("tags");
        for (Map.Entry<String, String> tag : result.tags().entrySet()) {
            tags.put(tag.getKey(), tag.getValue());
        }
        ArrayNode metrics = root.putArray("metrics");
        for (Metric metric : result.metrics()) {
            ObjectNode node = metrics.addObject();
            node.put("name", metric.name());
            node.put("unit", metric.unit());
            node.put("better", metric.better().word());
            node.put("value", metric.value());
            if (!metric.samples().isEmpty()) {
                ArrayNode samples = node.putArray("samples");
                metric.samples().forEach(samples::add);
            }
            metric.histogram().ifPresent(h -> node.put("histogram", h));
        }
        return root;
    }

    /** The compact, canonical text of a result. */
    public static String canonical(Result result) {
        return toNode(result).toString();
    }

    /** The indented text of a result, as a file. */
    public static String pretty(Result result) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toNode(result));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree always serialises", e);
        }
    }
}
