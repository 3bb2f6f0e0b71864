package io.shadowcat.profiler.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.profiler.analysis.Column;
import io.shadowcat.profiler.report.Durations;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The live breakdown as one self-contained HTML page (inline CSS and SVG, no scripts, no external
 * assets), drawn from the very document {@code GET /breakdown} serves: per window, a bar of where the
 * time goes and the stage, method and tool tables.
 *
 * <p>Every figure carries {@code data-window}, {@code data-group}, {@code data-row}, {@code data-column},
 * {@code data-stat} (where it sits in the document) and {@code data-value} (its exact value), so the
 * page can be checked against the JSON. Stateless.
 */
public final class BreakdownPage {
    private static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
        "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#555555"};
    private static final List<String> STATS = List.of("p50", "p90", "p99", "p999", "max", "mean");
    private static final List<String> GROUP_COLUMNS = List.of("total", "overhead");
    private static final int WIDTH = 760;

    private BreakdownPage() {
    }

    /** The page for {@code document}, a {@link BreakdownDocument}. */
    public static String render(ObjectNode document) {
        StringBuilder out = new StringBuilder(16_384);
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<title>Shadowcat live breakdown</title>\n<style>\n")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}")
                .append("table{border-collapse:collapse;margin:8px 0 24px}td,th{padding:3px 8px;border-bottom:1px solid #ddd}")
                .append("td{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}td:first-child,th:first-child{text-align:left}")
                .append(".note{background:#fff6d5;padding:6px 10px;border-left:4px solid #edc948}")
                .append(".legend span{display:inline-block;margin-right:12px}")
                .append(".swatch{display:inline-block;width:10px;height:10px;margin-right:4px}\n")
                .append("</style></head><body>\n<h1>Shadowcat live breakdown</h1>\n<p class=\"note\" id=\"delay\">")
                .append(esc(document.get("note").asText())).append("</p>\n");
        for (JsonNode window : document.get("windows")) {
            String label = window.get("window").asText();
            out.append("<section id=\"window-").append(esc(label)).append("\">\n<h2>Last ").append(esc(label))
                    .append("</h2>\n<p>").append(window.get("exchanges").asLong()).append(" exchanges from ")
                    .append(esc(window.get("from").asText())).append(" to ").append(esc(window.get("to").asText()))
                    .append("</p>\n");
            split(out, label, window.get("stages"));
            stageTable(out, label, window.get("stages"));
            groupTable(out, label, "methods", "method", window.get("methods"));
            groupTable(out, label, "tools", "tool", window.get("tools"));
            out.append("</section>\n");
        }
        out.append("</body></html>\n");
        return out.toString();
    }

    private static void split(StringBuilder out, String label, JsonNode stages) {
        double total = Math.max(1, stages.get("total").get("sum").asDouble());
        out.append("<svg id=\"split-").append(esc(label)).append("\" width=\"").append(WIDTH)
                .append("\" height=\"40\" role=\"img\">\n");
        StringBuilder legend = new StringBuilder("<p class=\"legend\">");
        double x = 0;
        for (Column column : Column.ALL) {
            if (!column.isPartOfTotal()) {
                continue;
            }
            double share = Math.max(0, stages.get(column.name()).get("sum").asDouble()) / total;
            double w = share * WIDTH;
            out.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"4\" width=\"%.2f\" height=\"32\" fill=\"%s\" "
                    + "data-column=\"%s\"><title>%s %s</title></rect>%n", x, w, COLOURS[column.index()], column.name(),
                    column.name(), Durations.percent(share)));
            x += w;
            legend.append("<span><i class=\"swatch\" style=\"background:").append(COLOURS[column.index()])
                    .append("\"></i>").append(column.name()).append(' ').append(Durations.percent(share)).append("</span>");
        }
        out.append("</svg>\n").append(legend).append("</p>\n");
    }

    private static void stageTable(StringBuilder out, String label, JsonNode stages) {
        out.append("<table class=\"stages\"><tr><th>stage</th><th>count</th>");
        STATS.forEach(s -> out.append("<th>").append(s).append("</th>"));
        out.append("<th>share</th></tr>\n");
        for (Map.Entry<String, JsonNode> column : (Iterable<Map.Entry<String, JsonNode>>) stages::fields) {
            JsonNode s = column.getValue();
            out.append("<tr><td>").append(esc(column.getKey())).append("</td><td>").append(s.get("count").asLong()).append("</td>");
            for (String stat : STATS) {
                figure(out, label, "stages", "", column.getKey(), stat, s.get(stat).asDouble());
            }
            out.append("<td>").append(Durations.percent(s.get("share").asDouble())).append("</td></tr>\n");
        }
        out.append("</table>\n");
    }

    private static void groupTable(StringBuilder out, String label, String group, String heading, JsonNode rows) {
        if (rows.isEmpty()) {
            return;
        }
        out.append("<table class=\"").append(group).append("\"><tr><th>").append(heading).append("</th><th>count</th>");
        for (String column : GROUP_COLUMNS) {
            out.append("<th>").append(column).append(" p50</th><th>").append(column).append(" p99</th>");
        }
        out.append("</tr>\n");
        for (Map.Entry<String, JsonNode> row : (Iterable<Map.Entry<String, JsonNode>>) rows::fields) {
            out.append("<tr><td>").append(esc(row.getKey())).append("</td><td>")
                    .append(row.getValue().get("total").get("count").asLong()).append("</td>");
            for (String column : GROUP_COLUMNS) {
                for (String stat : List.of("p50", "p99")) {
                    figure(out, label, group, row.getKey(), column, stat, row.getValue().get(column).get(stat).asDouble());
                }
            }
            out.append("</tr>\n");
        }
        out.append("</table>\n");
    }

    private static void figure(StringBuilder out, String window, String group, String row, String column, String stat,
                               double value) {
        out.append("<td data-window=\"").append(esc(window)).append("\" data-group=\"").append(group)
                .append("\" data-row=\"").append(esc(row)).append("\" data-column=\"").append(column)
                .append("\" data-stat=\"").append(stat).append("\" data-value=\"").append(number(value)).append("\">")
                .append(esc(Durations.format(value))).append("</td>");
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
