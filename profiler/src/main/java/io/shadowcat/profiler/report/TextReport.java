package io.shadowcat.profiler.report;

/** {@code profile report --format text}: aligned plain-text tables for a terminal. Stateless. */
final class TextReport {
    private TextReport() {
    }

    static String render(Report report) {
        StringBuilder out = new StringBuilder();
        ReportTables.headline(report).forEach(line -> out.append(line).append('\n'));
        out.append('\n');
        ReportTables.stages(report.breakdown()).text(out);
        ReportTables.groups("Per method", "method", report.breakdown().byMethod()).text(out);
        if (!report.breakdown().byTool().isEmpty()) {
            ReportTables.groups("Per tool", "tool", report.breakdown().byTool()).text(out);
        }
        ReportTables.slowest(report.breakdown()).text(out);
        out.append("JVM findings\n");
        ReportTables.findings(report.findings()).forEach(line -> out.append("  ").append(line).append('\n'));
        return out.toString();
    }
}
