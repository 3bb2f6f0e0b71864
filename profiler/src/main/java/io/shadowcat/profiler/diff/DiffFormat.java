package io.shadowcat.profiler.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.profiler.report.Durations;
import java.util.Locale;

/** How {@code profile diff} prints a {@link ProfileDiff}: aligned text or JSON. Stateless. */
public enum DiffFormat {
    TEXT, JSON;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The diff in this format. */
    public String render(ProfileDiff diff) {
        return this == JSON ? json(diff) : text(diff);
    }

    /** The format named {@code option} ({@code text} or {@code json}), case-insensitively. */
    public static DiffFormat of(String option) {
        return switch (option.toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("unknown format '" + option + "': use text or json");
        };
    }

    private static String json(ProfileDiff diff) {
        ObjectNode root = MAPPER.valueToTree(diff);
        // No share for total, overhead, or when total did not move: null rather than a "NaN" string.
        root.withArray("changes").forEach(change -> {
            if (Double.isNaN(change.path("shareOfTotalChange").asDouble())) {
                ((ObjectNode) change).putNull("shareOfTotalChange");
            }
        });
        root.put("intervals", METHOD);
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a diff always serialises", e);
        }
    }

    static final String METHOD = "95% intervals; p50 and p99 by percentile bootstrap (" + QuantileBootstrap.RESAMPLES
            + " resamples of each side's order statistic), mean by normal (Welch) approximation";

    private static String text(ProfileDiff diff) {
        StringBuilder out = new StringBuilder();
        out.append("Base: ").append(diff.base()).append(" (").append(diff.total().baseCount()).append(" exchanges)\n");
        out.append("Candidate: ").append(diff.candidate()).append(" (").append(diff.total().candidateCount()).append(" exchanges)\n");
        out.append(METHOD).append("\n* the interval excludes zero; ? too few exchanges for the interval to be trusted\n\n");
        String header = String.format(Locale.ROOT, "  %-13s %9s %9s  %-30s %9s %9s  %-30s %-30s %s%n",
                "stage", "base p50", "cand p50", "Δp50 [95% CI]", "base p99", "cand p99", "Δp99 [95% CI]",
                "Δmean [95% CI]", "share of Δtotal");
        out.append(header);
        for (StageChange c : diff.changes()) {
            out.append(String.format(Locale.ROOT, "  %-13s %9s %9s  %-30s %9s %9s  %-30s %-30s %s",
                    c.column(), Durations.format(c.baseP50()), Durations.format(c.candidateP50()), interval(c.p50()),
                    Durations.format(c.baseP99()), Durations.format(c.candidateP99()), interval(c.p99()),
                    interval(c.mean()), Double.isNaN(c.shareOfTotalChange()) ? "" : Durations.percent(c.shareOfTotalChange()))
                    .stripTrailing()).append('\n');
        }
        out.append('\n');
        StageChange total = diff.total();
        boolean moved = total.mean().significant() || total.p50().significant() || total.p99().significant();
        if (!moved) {
            out.append("total: no change beyond noise (every interval includes zero)\n");
        } else {
            out.append("total: mean ").append(signed(total.mean().estimate())).append(", p50 ")
                    .append(signed(total.p50().estimate())).append(", p99 ").append(signed(total.p99().estimate())).append('\n');
        }
        if (moved && !diff.explaining().isEmpty()) {
            out.append("explained by: ");
            for (int i = 0; i < diff.explaining().size(); i++) {
                StageChange c = diff.explaining().get(i);
                out.append(i == 0 ? "" : ", ").append(c.column()).append(" (").append(signed(c.mean().estimate()))
                        .append(" mean, ").append(Durations.percent(c.shareOfTotalChange())).append(" of the change)");
            }
            out.append('\n');
        }
        if (!diff.hotMethodsGrown().isEmpty()) {
            out.append("hot methods whose share of execution samples grew:\n");
            for (ProfileDiff.HotMethodChange m : diff.hotMethodsGrown()) {
                out.append("  ").append(Durations.percent(m.baseShare())).append(" -> ")
                        .append(Durations.percent(m.candidateShare())).append("  ").append(m.method()).append('\n');
            }
        }
        return out.toString();
    }

    private static String interval(Interval i) {
        return signed(i.estimate()) + " [" + signed(i.low()) + ", " + signed(i.high()) + "]"
                + (i.significant() ? " *" : i.enoughData() ? "" : " ?");
    }

    private static String signed(double nanos) {
        return (nanos > 0 ? "+" : "") + Durations.format(nanos);
    }
}
