package io.shadowcat.profiler.report;

/** {@code profile report --format md}: GitHub-flavoured Markdown, e.g. for a pull-request comment. Stateless. */
final class MarkdownReport {
    private MarkdownReport() {
    }

    static String render(Report report) {
        StringBuilder out = new StringBuilder("# Shadowcat profile: ").append(report.breakdown().recording()).append("\n\n");
        ReportTables.headline(report).forEach(line -> out.append("- ").append(line).append('\n'));
        out.append('\n');
        ReportTables.stages(report.breakdown()).markdown(out);
        ReportTables.groups("Per method", "method", report.breakdown().byMethod()).markdown(out);
        if (!report.breakdown().byTool().isEmpty()) {
            ReportTables.groups("Per tool", "tool", report.breakdown().byTool()).markdown(out);
        }
        ReportTables.slowest(report.breakdown()).markdown(out);
        out.append("## JVM findings\n\n");
        ReportTables.findings(report.findings()).forEach(line -> out.append(line.startsWith("    ")
                ? "  - " + line.strip() : "- " + line).append('\n'));
        return out.toString();
    }
}
