package io.shadowcat.regression.report;

import io.shadowcat.regression.verdict.Attribution;
import io.shadowcat.regression.verdict.MetricVerdict;
import io.shadowcat.regression.verdict.Outcome;
import io.shadowcat.regression.verdict.Status;
import io.shadowcat.regression.verdict.Verdict;

/**
 * JUnit XML, which CI systems display as tests: one test case per metric, a failure per
 * regression, a skipped case per new metric; an undecided check is one erroring case.
 */
final class JunitReport implements VerdictReport {
    @Override
    public String render(Verdict verdict) {
        String suite = "regress." + verdict.suite();
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        if (verdict.outcome() == Outcome.UNDECIDED) {
            out.append(String.format("<testsuite name=\"%s\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">%n",
                    xml(suite)));
            out.append(String.format("  <testcase classname=\"%s\" name=\"history\">%n", xml(suite)));
            out.append(String.format("    <error message=\"%s\"/>%n", xml(verdict.message())));
            return out.append("  </testcase>\n</testsuite>\n").toString();
        }
        long failures = verdict.regressions().size();
        long skipped = verdict.metrics().stream().filter(m -> m.status() == Status.NEW).count();
        out.append(String.format("<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\">%n",
                xml(suite), verdict.metrics().size(), failures, skipped));
        out.append(String.format("  <properties>%n    <property name=\"context\" value=\"%s\"/>%n  </properties>%n",
                xml(Cells.context(verdict))));
        for (MetricVerdict m : verdict.metrics()) {
            out.append(String.format("  <testcase classname=\"%s\" name=\"%s\"", xml(suite), xml(m.metric())));
            switch (m.status()) {
                case REGRESSED -> out.append(String.format(">%n    <failure message=\"%s\">%s</failure>%n  </testcase>%n",
                        xml(Attribution.describe(m)), xml(detail(m))));
                case NEW -> out.append(String.format(">%n    <skipped message=\"no history for this metric yet\"/>%n"
                        + "  </testcase>%n"));
                default -> out.append(String.format(">%n    <system-out>%s</system-out>%n  </testcase>%n",
                        xml(detail(m))));
            }
        }
        return out.append("</testsuite>\n").toString();
    }

    private static String detail(MetricVerdict m) {
        String[] cells = Cells.row(m);
        StringBuilder detail = new StringBuilder();
        for (int i = 1; i < cells.length; i++) {
            detail.append(i > 1 ? ", " : "").append(Cells.HEADER[i]).append(' ').append(cells[i]);
        }
        return detail.toString();
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
