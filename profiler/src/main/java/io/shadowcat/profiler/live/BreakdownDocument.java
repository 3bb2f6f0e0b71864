package io.shadowcat.profiler.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.profiler.analysis.Column;
import io.shadowcat.profiler.analysis.ColumnHistograms;
import io.shadowcat.profiler.analysis.ColumnSummary;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The live breakdown as JSON ({@code GET /breakdown}): per window, every column's count, p50, p90, p99,
 * p99.9, max, mean, sum (nanoseconds) and share of total, for all exchanges, per method and per tool.
 * Stateless.
 */
public final class BreakdownDocument {
    /** The document's schema name. */
    public static final String SCHEMA = "shadowcat.breakdown/v1";
    /** What every live view says about its delivery delay. */
    public static final String DELAY_NOTE = "Exchanges are counted within about 10 ms of their end (a queue the "
            + "breakdown's thread drains), so the newest few are missing.";

    private static final ObjectMapper JSON = new ObjectMapper();

    private BreakdownDocument() {
    }

    /** The document for {@code windows}, as taken from {@code breakdown}. */
    public static ObjectNode of(List<WindowBreakdown> windows, long recorded, long late) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA).put("unit", "ns").put("note", DELAY_NOTE);
        root.put("recorded", recorded).put("late", late);
        var array = root.putArray("windows");
        for (WindowBreakdown window : windows) {
            ObjectNode w = array.addObject();
            w.put("window", label(window.window())).put("seconds", window.window().toSeconds())
                    .put("from", window.from().toString()).put("to", window.to().toString())
                    .put("exchanges", window.all().count());
            w.set("stages", columns(window.all()));
            w.set("methods", groups(window.methods()));
            w.set("tools", groups(window.tools()));
        }
        return root;
    }

    /** A window length as the page and document name it: {@code 90s}, {@code 1m}, {@code 10m}, {@code 1h}. */
    public static String label(Duration window) {
        long seconds = window.toSeconds();
        if (seconds % 3600 == 0 && seconds > 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0 && seconds > 0) {
            return seconds / 60 + "m";
        }
        return seconds > 0 ? seconds + "s" : window.toMillis() + "ms";
    }

    private static ObjectNode groups(Map<String, ColumnHistograms> groups) {
        ObjectNode out = JSON.createObjectNode();
        groups.forEach((name, histograms) -> out.set(name, columns(histograms)));
        return out;
    }

    private static ObjectNode columns(ColumnHistograms histograms) {
        ObjectNode out = JSON.createObjectNode();
        for (Column column : Column.ALL) {
            ColumnSummary s = histograms.summary(column);
            out.putObject(column.name()).put("count", s.count()).put("p50", s.p50()).put("p90", s.p90())
                    .put("p99", s.p99()).put("p999", s.p999()).put("max", s.max()).put("mean", s.mean())
                    .put("sum", s.sum()).put("share", s.share());
        }
        return out;
    }
}
