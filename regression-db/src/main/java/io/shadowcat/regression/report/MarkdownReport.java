package io.shadowcat.regression.report;

import io.shadowcat.regression.verdict.Attribution;
import io.shadowcat.regression.verdict.Verdict;

/** Markdown for a pull-request comment: the answer first, regressions next, the table last. */
final class MarkdownReport implements VerdictReport {
    @Override
    public String render(Verdict verdict) {
        StringBuilder out = new StringBuilder("### Benchmark check: ").append(verdict.outcome().name()).append("\n\n");
        out.append(verdict.message()).append("\n\n");
        out.append('_').append(Cells.context(verdict)).append("_\n");
        if (!verdict.regressions().isEmpty()) {
            out.append("\n**Regressions**\n\n");
            verdict.regressions().forEach(m -> out.append("- ").append(escape(Attribution.describe(m))).append('\n'));
        }
        if (!verdict.metrics().isEmpty()) {
            out.append('\n').append(row(Cells.HEADER));
            out.append("|---|---:|---:|---:|---:|---:|---|\n");
            verdict.metrics().forEach(m -> out.append(row(Cells.row(m))));
        }
        return out.toString();
    }

    private static String row(String[] cells) {
        StringBuilder row = new StringBuilder("|");
        for (String cell : cells) {
            row.append(' ').append(escape(cell)).append(" |");
        }
        return row.append('\n').toString();
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_");
    }
}
