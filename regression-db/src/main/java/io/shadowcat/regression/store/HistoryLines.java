package io.shadowcat.regression.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.regression.result.Result;
import io.shadowcat.regression.result.ResultFormatException;
import io.shadowcat.regression.result.ResultJson;
import io.shadowcat.regression.result.ResultReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * History as JSON lines, so a project can keep its baselines in git. Each line is an object with
 * a {@code type}: {@code run} (the rest is a {@code shadowcat.result/v1} document) or
 * {@code accept}. Export order is stable (oldest first), so an unchanged history exports to the
 * same bytes. Import reads every line before writing anything and skips what the store already
 * has, so importing twice changes nothing. Stateless and thread-safe.
 */
public final class HistoryLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HistoryLines() {
    }

    /** Counts of what an import or export touched. */
    public record Counts(int runs, int acceptances) {
    }

    public static Counts export(HistoryStore store, Writer out) {
        PrintWriter lines = new PrintWriter(out);
        int[] counts = new int[2];
        store.forEach(run -> {
            ObjectNode node = JSON.createObjectNode().put("type", "run");
            node.setAll(ResultJson.toNode(run.result()));
            lines.print(node + "\n");
            counts[0]++;
        }, acceptance -> {
            ObjectNode node = JSON.createObjectNode().put("type", "accept")
                    .put("suite", acceptance.suite()).put("branch", acceptance.branch())
                    .put("fingerprint", acceptance.fingerprint()).put("metric", acceptance.metricPattern())
                    .put("time", acceptance.time().toString()).put("run", acceptance.runKey())
                    .put("reason", acceptance.reason());
            lines.print(node + "\n");
            counts[1]++;
        });
        lines.flush();
        return new Counts(counts[0], counts[1]);
    }

    /** Imports lines; returns what was new. Refuses the whole input on the first bad line. */
    public static Counts importFrom(HistoryStore store, String file, Reader in) throws ResultFormatException {
        List<Result> runs = new ArrayList<>();
        List<Acceptance> acceptances = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(in)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String where = file + ": line " + number;
                JsonNode node = parse(where, line);
                String type = node.path("type").asText("");
                switch (type) {
                    case "run" -> {
                        ObjectNode result = ((ObjectNode) node).deepCopy();
                        result.remove("type");
                        runs.add(ResultReader.read(where, result));
                    }
                    case "accept" -> acceptances.add(acceptance(where, node));
                    default -> throw new ResultFormatException(where, "field type",
                            "expected \"run\" or \"accept\", found \"" + type + "\"");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int newRuns = 0;
        for (Result run : runs) {
            newRuns += store.record(run) ? 1 : 0;
        }
        int newAcceptances = 0;
        for (Acceptance acceptance : acceptances) {
            newAcceptances += store.accept(acceptance) ? 1 : 0;
        }
        return new Counts(newRuns, newAcceptances);
    }

    private static JsonNode parse(String where, String line) throws ResultFormatException {
        try {
            JsonNode node = JSON.readTree(line);
            if (!node.isObject()) {
                throw new ResultFormatException(where, "", "expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ResultFormatException(where, "column " + e.getLocation().getColumnNr(),
                    "not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static Acceptance acceptance(String where, JsonNode node) throws ResultFormatException {
        for (String field : List.of("suite", "branch", "fingerprint", "metric", "time", "run", "reason")) {
            if (!node.path(field).isTextual()) {
                throw new ResultFormatException(where, "field " + field, "missing or not a string");
            }
        }
        try {
            return new Acceptance(node.get("suite").asText(), node.get("branch").asText(),
                    node.get("fingerprint").asText(), node.get("metric").asText(),
                    Instant.parse(node.get("time").asText()), node.get("run").asText(), node.get("reason").asText());
        } catch (DateTimeParseException e) {
            throw new ResultFormatException(where, "field time", "not an ISO-8601 instant");
        }
    }
}
