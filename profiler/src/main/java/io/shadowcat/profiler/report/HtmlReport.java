package io.shadowcat.profiler.report;

import io.shadowcat.profiler.analysis.Breakdown;
import io.shadowcat.profiler.analysis.Column;
import io.shadowcat.profiler.analysis.ColumnHistograms;
import io.shadowcat.profiler.analysis.ColumnSummary;
import io.shadowcat.profiler.analysis.ExchangeRecord;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code profile report --format html}: one self-contained page (inline CSS and SVG, no scripts, no
 * external assets) with a chart of where the mean exchange's time goes, p50/p99 bars per stage, the
 * slowest exchanges as stacked bars, and every table of the text report.
 *
 * <p>Every figure in the stage, method and tool tables carries {@code data-metric} (its name in the JSON document) and
 * {@code data-value} (its exact value), so the page can be checked against {@link ResultDocument}.
 * Larger than most classes because it is one page template. Stateless.
 */
final class HtmlReport {
    private static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
        "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#555555"};
    private static final int WIDTH = 760;

    private HtmlReport() {
    }

    static String render(Report report) {
        Breakdown b = report.breakdown();
        StringBuilder out = new StringBuilder(16_384);
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Shadowcat profile: ")
                .append(esc(b.recording())).append("</title>\n<style>\n")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}")
                .append("table{border-collapse:collapse;margin:8px 0 24px}td,th{padding:3px 8px;border-bottom:1px solid #ddd}")
                .append("td{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}td:first-child,th:first-child{text-align:left}")
                .append("#slowest td:nth-child(-n+3){text-align:left}")
                .append("h2{margin-top:28px}.legend span{display:inline-block;margin-right:12px}")
                .append(".swatch{display:inline-block;width:10px;height:10px;margin-right:4px}\n")
                .append("</style></head><body>\n<h1>Shadowcat profile: ").append(esc(b.recording())).append("</h1>\n<ul>\n");
        for (String line : ReportTables.headline(report)) {
            out.append("<li>").append(esc(line)).append("</li>\n");
        }
        out.append("</ul>\n");
        meanSplit(out, b);
        quantileBars(out, b);
        slowestBars(out, b);
        stageTable(out, b);
        groupTable(out, "Per method", "method", "profile.method.", b.byMethod(), "methods");
        if (!b.byTool().isEmpty()) {
            groupTable(out, "Per tool", "tool", "profile.tool.", b.byTool(), "tools");
        }
        table(out, ReportTables.slowest(b), "slowest");
        out.append("<h2>JVM findings</h2>\n<ul id=\"findings\">\n");
        for (String line : ReportTables.findings(report.findings())) {
            out.append("<li>").append(esc(line.strip())).append("</li>\n");
        }
        out.append("</ul>\n</body></html>\n");
        return out.toString();
    }

    private static void meanSplit(StringBuilder out, Breakdown b) {
        ColumnHistograms all = b.all();
        double total = Math.max(1, all.sum(Column.TOTAL));
        out.append("<h2>Where the time goes (share of summed total)</h2>\n<svg id=\"mean-split\" width=\"")
                .append(WIDTH).append("\" height=\"40\" role=\"img\">\n");
        double x = 0;
        StringBuilder legend = new StringBuilder("<p class=\"legend\">");
        for (Column column : Column.ALL) {
            if (!column.isPartOfTotal()) {
                continue;
            }
            double share = Math.max(0, all.sum(column)) / total;
            double w = share * WIDTH;
            out.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"4\" width=\"%.2f\" height=\"32\" fill=\"%s\" data-column=\"%s\" data-share=\"%.6f\"><title>%s %s</title></rect>%n",
                    x, w, COLOURS[column.index()], column.name(), share, column.name(), Durations.percent(share)));
            x += w;
            legend.append("<span><i class=\"swatch\" style=\"background:").append(COLOURS[column.index()]).append("\"></i>")
                    .append(column.name()).append(' ').append(Durations.percent(share)).append("</span>");
        }
        out.append("</svg>\n").append(legend).append("</p>\n");
    }

    private static void quantileBars(StringBuilder out, Breakdown b) {
        List<ColumnSummary> summaries = b.all().summaries();
        double max = Math.max(1, summaries.stream().mapToLong(ColumnSummary::p99).max().orElse(1));
        int row = 22;
        int labelWidth = 110;
        out.append("<h2>p50 and p99 by stage</h2>\n<svg id=\"quantiles\" width=\"")
                .append(WIDTH).append("\" height=\"").append(summaries.size() * row + 8).append("\" role=\"img\">\n");
        int y = 4;
        for (ColumnSummary s : summaries) {
            double scale = (WIDTH - labelWidth - 140) / max;
            out.append(String.format(Locale.ROOT,
                    "<text x=\"0\" y=\"%d\" font-size=\"12\">%s</text>"
                            + "<rect x=\"%d\" y=\"%d\" width=\"%.2f\" height=\"8\" fill=\"#bbb\"><title>p99 %s</title></rect>"
                            + "<rect x=\"%d\" y=\"%d\" width=\"%.2f\" height=\"8\" fill=\"%s\"><title>p50 %s</title></rect>"
                            + "<text x=\"%.2f\" y=\"%d\" font-size=\"11\">%s / %s</text>%n",
                    y + 12, s.column(),
                    labelWidth, y + 2, s.p99() * scale, Durations.format(s.p99()),
                    labelWidth, y + 10, s.p50() * scale, COLOURS[Column.named(s.column()).index()], Durations.format(s.p50()),
                    labelWidth + s.p99() * scale + 6, y + 12, Durations.format(s.p50()), Durations.format(s.p99())));
            y += row;
        }
        out.append("</svg>\n");
    }

    private static void slowestBars(StringBuilder out, Breakdown b) {
        if (b.slowest().isEmpty()) {
            return;
        }
        double max = Math.max(1, b.slowest().get(0).total());
        int row = 20;
        int labelWidth = 200;
        double scale = (WIDTH - labelWidth - 70) / max;
        out.append("<h2>Slowest exchanges, split by stage</h2>\n<svg id=\"slowest-split\" width=\"")
                .append(WIDTH).append("\" height=\"").append(b.slowest().size() * row + 8).append("\" role=\"img\">\n");
        int y = 4;
        for (ExchangeRecord e : b.slowest()) {
            out.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"12\">#%d %s</text>%n",
                    y + 12, e.exchangeId(), esc(e.method() == null ? "" : e.method())));
            double x = labelWidth;
            for (Column column : Column.ALL) {
                if (!column.isPartOfTotal() || e.nanos(column) <= 0) {
                    continue;
                }
                double w = e.nanos(column) * scale;
                out.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"14\" fill=\"%s\"><title>%s %s</title></rect>%n",
                        x, y + 2, w, COLOURS[column.index()], column.name(), Durations.format(e.nanos(column))));
                x += w;
            }
            out.append(String.format(Locale.ROOT, "<text x=\"%.2f\" y=\"%d\" font-size=\"11\">%s</text>%n",
                    x + 4, y + 12, Durations.format(e.total())));
            y += row;
        }
        out.append("</svg>\n");
    }

    private static void stageTable(StringBuilder out, Breakdown b) {
        out.append("<h2>Stages (all exchanges)</h2>\n<table id=\"stages\"><thead><tr>");
        for (String h : List.of("stage", "count", "p50", "p90", "p99", "p99.9", "max", "mean", "share of total")) {
            out.append("<th>").append(esc(h)).append("</th>");
        }
        out.append("</tr></thead><tbody>\n");
        for (ColumnSummary s : b.all().summaries()) {
            out.append("<tr><td>").append(s.column()).append("</td><td>").append(s.count()).append("</td>");
            figures(out, "profile.stage." + s.column(), s);
            out.append("<td>").append(Durations.percent(s.share())).append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    // The same figures as the text report's group tables, each tagged with its JSON metric.
    private static void groupTable(StringBuilder out, String title, String key, String prefix,
                                   Map<String, ColumnHistograms> groups, String id) {
        out.append("<h2>").append(esc(title)).append("</h2>\n<table id=\"").append(id).append("\"><thead><tr>");
        for (String h : List.of(key, "count", "total p50", "total p90", "total p99", "total p99.9", "total max", "total mean",
                "overhead p50", "overhead p90", "overhead p99", "overhead p99.9", "overhead max", "overhead mean")) {
            out.append("<th>").append(esc(h)).append("</th>");
        }
        out.append("</tr></thead><tbody>\n");
        for (Map.Entry<String, ColumnHistograms> group : groups.entrySet()) {
            String scope = prefix + ResultDocument.metricScope(group.getKey());
            out.append("<tr><td>").append(esc(group.getKey())).append("</td><td>").append(group.getValue().count()).append("</td>");
            figures(out, scope + ".total", group.getValue().summary(Column.TOTAL));
            figures(out, scope + ".overhead", group.getValue().summary(Column.OVERHEAD));
            out.append("</tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    private static void figures(StringBuilder out, String scope, ColumnSummary s) {
        for (Map.Entry<String, Double> stat : List.of(Map.entry("p50", (double) s.p50()), Map.entry("p90", (double) s.p90()),
                Map.entry("p99", (double) s.p99()), Map.entry("p999", (double) s.p999()), Map.entry("max", (double) s.max()),
                Map.entry("mean", s.mean()))) {
            out.append("<td data-metric=\"").append(scope).append('.').append(stat.getKey()).append("\" data-value=\"")
                    .append(number(stat.getValue())).append("\">").append(esc(Durations.format(stat.getValue()))).append("</td>");
        }
    }

    private static void table(StringBuilder out, Table table, String id) {
        out.append("<h2>").append(esc(table.title())).append("</h2>\n<table id=\"").append(id).append("\"><thead><tr>");
        table.headers().forEach(h -> out.append("<th>").append(esc(h)).append("</th>"));
        out.append("</tr></thead><tbody>\n");
        for (List<String> row : table.rows()) {
            out.append("<tr>");
            row.forEach(cell -> out.append("<td>").append(esc(cell)).append("</td>"));
            out.append("</tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
