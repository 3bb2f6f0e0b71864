package io.shadowcat.regression.report;

import io.shadowcat.regression.verdict.Attribution;
import io.shadowcat.regression.verdict.MetricVerdict;
import io.shadowcat.regression.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table for a terminal or a CI log. */
final class TextReport implements VerdictReport {
    @Override
    public String render(Verdict verdict) {
        StringBuilder out = new StringBuilder(verdict.message()).append('\n');
        out.append(Cells.context(verdict)).append('\n');
        if (verdict.metrics().isEmpty()) {
            return out.toString();
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(Cells.HEADER);
        verdict.metrics().forEach(m -> rows.add(Cells.row(m)));
        int[] widths = new int[Cells.HEADER.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        out.append('\n');
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                line.append(c == 0 ? row[c] + " ".repeat(widths[c] - row[c].length())
                        : " ".repeat(widths[c] - row[c].length() + 2) + row[c]);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        List<MetricVerdict> regressions = verdict.regressions();
        if (!regressions.isEmpty()) {
            out.append("\nregressions:\n");
            regressions.forEach(m -> out.append("  ").append(Attribution.describe(m)).append('\n'));
        }
        return out.toString();
    }
}
