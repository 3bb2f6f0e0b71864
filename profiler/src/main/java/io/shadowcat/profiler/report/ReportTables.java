package io.shadowcat.profiler.report;

import io.shadowcat.profiler.analysis.Breakdown;
import io.shadowcat.profiler.analysis.Column;
import io.shadowcat.profiler.analysis.ColumnHistograms;
import io.shadowcat.profiler.analysis.ColumnSummary;
import io.shadowcat.profiler.analysis.ExchangeRecord;
import io.shadowcat.profiler.findings.JvmFindings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tables every human-readable format shows, built once from a {@link Report}: stages, methods,
 * tools, slowest exchanges and JVM findings. Stateless.
 */
final class ReportTables {
    private ReportTables() {
    }

    static List<String> headline(Report report) {
        Breakdown b = report.breakdown();
        ColumnSummary total = b.all().summary(Column.TOTAL);
        ColumnSummary overhead = b.all().summary(Column.OVERHEAD);
        ColumnSummary unattributed = b.all().summary(Column.UNATTRIBUTED);
        List<String> lines = new ArrayList<>();
        lines.add("Recording: " + b.recording() + " (" + b.count() + " exchanges, " + b.first() + " to " + b.last() + ")");
        lines.add("JVM: " + nullable(b.environment().jvm()) + "; CPU: " + nullable(b.environment().cpuModel())
                + " (" + nullable(b.environment().cores()) + " hardware threads); OS: " + nullable(b.environment().os()));
        lines.add("Total: p50 " + Durations.format(total.p50()) + ", p99 " + Durations.format(total.p99())
                + "; proxy overhead (total − upstream): p50 " + Durations.format(overhead.p50())
                + ", p99 " + Durations.format(overhead.p99()) + ", mean " + Durations.format(overhead.mean()));
        lines.add("Unattributed (total − sum of stages): mean " + Durations.format(unattributed.mean())
                + ", " + Durations.percent(unattributed.share()) + " of total");
        return lines;
    }

    static Table stages(Breakdown breakdown) {
        Table table = new Table("Stages (all exchanges)",
                List.of("stage", "count", "p50", "p90", "p99", "p99.9", "max", "mean", "share of total"));
        for (ColumnSummary s : breakdown.all().summaries()) {
            boolean part = Column.named(s.column()).isPartOfTotal();
            table.row(List.of(s.column(), Long.toString(s.count()), Durations.format(s.p50()), Durations.format(s.p90()),
                    Durations.format(s.p99()), Durations.format(s.p999()), Durations.format(s.max()),
                    Durations.format(s.mean()), part || s.column().equals("total") || s.column().equals("overhead")
                            ? Durations.percent(s.share()) : ""));
        }
        return table;
    }

    static Table groups(String title, String key, Map<String, ColumnHistograms> groups) {
        Table table = new Table(title, List.of(key, "count", "total p50", "total p90", "total p99", "total p99.9",
                "total max", "total mean", "overhead p50", "overhead p99", "upstream p99"));
        for (Map.Entry<String, ColumnHistograms> group : groups.entrySet()) {
            ColumnSummary total = group.getValue().summary(Column.TOTAL);
            ColumnSummary overhead = group.getValue().summary(Column.OVERHEAD);
            ColumnSummary upstream = group.getValue().summary(Column.named("upstream"));
            table.row(List.of(group.getKey(), Long.toString(total.count()), Durations.format(total.p50()),
                    Durations.format(total.p90()), Durations.format(total.p99()), Durations.format(total.p999()),
                    Durations.format(total.max()), Durations.format(total.mean()), Durations.format(overhead.p50()),
                    Durations.format(overhead.p99()), Durations.format(upstream.p99())));
        }
        return table;
    }

    static Table slowest(Breakdown breakdown) {
        List<String> headers = new ArrayList<>(List.of("exchange", "method", "tool", "status"));
        for (Column column : Column.ALL) {
            headers.add(column.name());
        }
        Table table = new Table("Slowest exchanges", headers, 3);
        for (ExchangeRecord e : breakdown.slowest()) {
            List<String> row = new ArrayList<>(List.of(Long.toString(e.exchangeId()), nullable(e.method()),
                    e.tool() == null ? "" : e.tool(), Integer.toString(e.status())));
            for (Column column : Column.ALL) {
                row.add(Durations.format(e.nanos(column)));
            }
            table.row(row);
        }
        return table;
    }

    static List<String> findings(JvmFindings f) {
        List<String> lines = new ArrayList<>();
        if (f.unavailable() != null) {
            lines.add("JMC rules: not run (" + f.unavailable() + ")");
        } else if (f.rules().isEmpty()) {
            lines.add("JMC rules: nothing at warning level or above");
        }
        for (JvmFindings.RuleFinding rule : f.rules()) {
            lines.add("[" + rule.severity() + " " + Math.round(rule.score()) + "] " + rule.name() + ": " + rule.summary());
            if (rule.explanation() != null && !rule.explanation().isBlank()) {
                lines.add("    " + rule.explanation());
            }
        }
        if (f.gc() != null) {
            lines.add("GC: " + f.gc().collections() + " collections, " + f.gc().pauses() + " pauses, total "
                    + Durations.format(f.gc().totalPauseNanos()) + ", longest " + Durations.format(f.gc().longestPauseNanos())
                    + " (" + Durations.percent(f.gc().pauseShare()) + " of the recording)");
        }
        if (f.allocation() != null) {
            lines.add("Allocation: " + String.format(java.util.Locale.ROOT, "%.1f MiB/s", f.allocation().bytesPerSecond() / (1 << 20))
                    + (f.allocation().topClasses().isEmpty() ? "" : "; most allocated: " + String.join(", ", f.allocation().topClasses())));
        }
        if (f.locks() != null) {
            lines.add("Lock contention: " + f.locks().events() + " contended monitor enters over JFR's threshold, total wait "
                    + Durations.format(f.locks().totalWaitNanos())
                    + (f.locks().topMonitors().isEmpty() ? "" : "; on " + String.join(", ", f.locks().topMonitors())));
        }
        if (!f.hotMethods().isEmpty()) {
            lines.add("Hottest methods " + f.hotMethodsScope() + ":");
            for (JvmFindings.HotMethod m : f.hotMethods()) {
                lines.add("    " + Durations.percent(m.share()) + "  " + m.samples() + (m.samples() == 1 ? " sample   " : " samples  ")
                        + m.method());
            }
        }
        return lines;
    }

    private static String nullable(Object value) {
        return value == null ? "unknown" : value.toString();
    }
}
