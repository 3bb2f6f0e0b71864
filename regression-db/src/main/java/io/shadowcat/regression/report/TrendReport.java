package io.shadowcat.regression.report;

import io.shadowcat.regression.changepoint.ChangePoint;
import io.shadowcat.regression.gate.Trend;
import java.util.Locale;

/** A trend as text: per metric, its runs, newest level, and every change point with its commit. */
public final class TrendReport {
    private TrendReport() {
    }

    public static String text(Trend trend) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "suite %s, branch %s, environment %s%n",
                trend.suite(), trend.branch(), trend.fingerprint()));
        for (Trend.Series series : trend.series()) {
            Trend.Point last = series.points().get(series.points().size() - 1);
            out.append(String.format(Locale.ROOT, "%n%s (%s, better %s): %d runs, latest %.4g%n", series.metric(),
                    series.unit(), series.better().word(), series.points().size(), last.value()));
            if (series.changePoints().isEmpty()) {
                out.append("  no change points\n");
            }
            for (ChangePoint point : series.changePoints()) {
                Trend.Point at = series.points().get(point.index());
                out.append(String.format(Locale.ROOT, "  change point at %s (commit %s): %.4g -> %.4g (%+.1f%%), p %.4f%n",
                        at.time(), at.commit().isEmpty() ? "-" : at.commit(), point.before(), point.after(),
                        100 * point.change(), point.pValue()));
            }
            series.acceptances().forEach(a -> out.append(String.format(Locale.ROOT, "  accepted at %s: %s%n",
                    a.time(), a.reason())));
        }
        return out.toString();
    }
}
