package io.shadowcat.regression.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.regression.verdict.Attribution;
import io.shadowcat.regression.verdict.MetricVerdict;
import io.shadowcat.regression.verdict.StageShare;
import io.shadowcat.regression.verdict.Verdict;
import java.math.BigDecimal;
import java.math.MathContext;

/** The whole verdict as JSON ({@code shadowcat.verdict/v1}) for programs; NaN is written as null. */
final class JsonReport implements VerdictReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String render(Verdict verdict) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "shadowcat.verdict/v1");
        root.put("outcome", verdict.outcome().name().toLowerCase(java.util.Locale.ROOT));
        root.put("exitCode", verdict.outcome().exitCode());
        root.put("message", verdict.message());
        root.put("suite", verdict.suite());
        root.put("branch", verdict.branch());
        root.put("fingerprint", verdict.fingerprint());
        root.put("commit", verdict.commit());
        root.put("baselineRuns", verdict.runs());
        root.put("alpha", verdict.alpha());
        root.put("correction", "holm");
        ArrayNode metrics = root.putArray("metrics");
        for (MetricVerdict m : verdict.metrics()) {
            ObjectNode node = metrics.addObject();
            node.put("name", m.metric());
            node.put("unit", m.unit());
            node.put("better", m.better().word());
            node.put("status", m.status().name().toLowerCase(java.util.Locale.ROOT));
            number(node, "baseline", m.baseline());
            number(node, "candidate", m.candidate());
            number(node, "worsening", m.change());
            number(node, "minEffect", m.minEffect());
            probability(node, "pNoise", m.pNoise());
            probability(node, "pRank", m.pRank());
            probability(node, "pAdjusted", m.pAdjusted());
            node.put("baselineRuns", m.runs());
            if (!m.stages().isEmpty()) {
                node.put("summary", Attribution.describe(m));
                ArrayNode stages = node.putArray("stages");
                for (StageShare stage : m.stages()) {
                    ObjectNode s = stages.addObject();
                    s.put("stage", stage.stage());
                    s.put("metric", stage.metric());
                    number(s, "delta", stage.delta());
                    number(s, "share", stage.share());
                    s.put("moved", stage.moved());
                }
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always serialises", e);
        }
    }

    /** p-values to six significant digits: more would only show the last bits of the floating point. */
    private static void probability(ObjectNode node, String field, double value) {
        number(node, field, Double.isFinite(value) && value != 0
                ? new BigDecimal(value).round(new MathContext(6)).doubleValue() : value);
    }

    private static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }
}
