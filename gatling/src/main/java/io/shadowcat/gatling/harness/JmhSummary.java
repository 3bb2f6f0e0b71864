package io.shadowcat.gatling.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * A JMH JSON result ({@code -rf json}) as a table for the harness's summary: per benchmark and parameters, the mode,
 * the score and, for {@code sample} mode, the p50 and p99 JMH measured. Stateless.
 */
final class JmhSummary {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JmhSummary() {
    }

    static String table(Path json) throws IOException {
        JsonNode root = MAPPER.readTree(json.toFile());
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-64s %-6s %10s %10s %10s  %s%n",
                "JMH benchmark", "mode", "score", "p50", "p99", "unit"));
        for (JsonNode benchmark : root) {
            JsonNode primary = benchmark.path("primaryMetric");
            JsonNode percentiles = primary.path("scorePercentiles");
            boolean sample = "sample".equals(benchmark.path("mode").asText());
            table.append(String.format(Locale.ROOT, "%-64s %-6s %10s %10s %10s  %s%n",
                    name(benchmark), benchmark.path("mode").asText(), number(primary.path("score")),
                    sample ? number(percentiles.path("50.0")) : "-", sample ? number(percentiles.path("99.0")) : "-",
                    primary.path("scoreUnit").asText()));
        }
        return table.toString().stripTrailing();
    }

    private static String name(JsonNode benchmark) {
        String qualified = benchmark.path("benchmark").asText();
        String[] parts = qualified.split("\\.");
        StringBuilder name = new StringBuilder(parts.length < 2 ? qualified
                : parts[parts.length - 2] + "." + parts[parts.length - 1]);
        Iterator<Map.Entry<String, JsonNode>> params = benchmark.path("params").fields();
        String separator = "[";
        while (params.hasNext()) {
            Map.Entry<String, JsonNode> param = params.next();
            name.append(separator).append(param.getKey()).append('=').append(param.getValue().asText());
            separator = ",";
        }
        return separator.equals(",") ? name.append(']').toString() : name.toString();
    }

    private static String number(JsonNode value) {
        if (!value.isNumber()) {
            return "-";
        }
        double v = value.asDouble();
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 1 ? "%.2f" : "%.3f", v);
    }
}
