package io.shadowcat.regression.report;

import io.shadowcat.regression.verdict.Attribution;
import io.shadowcat.regression.verdict.MetricVerdict;
import io.shadowcat.regression.verdict.Status;
import java.util.Locale;

/** The cell texts every human-readable report shares, so they agree with each other. Stateless. */
final class Cells {
    static final String[] HEADER = {"metric", "baseline", "candidate", "change", "min effect", "p (Holm)", "status"};

    private Cells() {
    }

    static String[] row(MetricVerdict m) {
        return new String[] {m.metric(), value(m.baseline(), m.unit()), value(m.candidate(), m.unit()), change(m),
                percent(m.minEffect()), p(m.pAdjusted()), m.status().name()};
    }

    static String value(double value, String unit) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4g %s", value, unit);
    }

    static String change(MetricVerdict m) {
        return m.status() == Status.NEW ? "-" : String.format(Locale.ROOT, "%+.1f%%", 100 * Attribution.relative(m));
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * fraction);
    }

    static String p(double p) {
        if (Double.isNaN(p)) {
            return "-";
        }
        return p < 1e-4 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }

    static String context(io.shadowcat.regression.verdict.Verdict v) {
        return String.format(Locale.ROOT, "suite %s, branch %s, environment %s, commit %s, %d baseline runs, "
                + "family-wise alpha %s (Holm)", v.suite(), v.branch(), v.fingerprint(),
                v.commit().isEmpty() ? "-" : v.commit(), v.runs(), v.alpha());
    }
}
