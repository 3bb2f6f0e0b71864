package io.shadowcat.regression.report;

import io.shadowcat.regression.changepoint.ChangePoint;
import io.shadowcat.regression.gate.Trend;
import io.shadowcat.regression.store.Acceptance;
import java.util.Locale;

/**
 * A self-contained HTML page (inline SVG, no scripts, no external resources) with one chart per
 * metric: the runs as a line, change points as red dashed lines labelled with the change, accepted
 * levels as green lines. Stateless.
 */
public final class TrendChart {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 220;
    private static final int PAD = 48;

    private TrendChart() {
    }

    public static String html(Trend trend) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.append("<title>").append(escape("Shadowcat history: " + trend.suite())).append("</title>\n");
        out.append("<style>body{font-family:sans-serif;margin:2em}svg{background:#fafafa;border:1px solid #ddd}"
                + ".line{fill:none;stroke:#1f5fa8;stroke-width:1.5}.dot{fill:#1f5fa8}"
                + ".change{stroke:#c62828;stroke-dasharray:4 3}.accept{stroke:#2e7d32}"
                + "text{font-size:11px}</style>\n</head>\n<body>\n");
        out.append("<h1>").append(escape(trend.suite())).append("</h1>\n<p>branch ").append(escape(trend.branch()))
                .append(", environment ").append(escape(trend.fingerprint())).append("</p>\n");
        for (Trend.Series series : trend.series()) {
            out.append("<h2>").append(escape(series.metric())).append("</h2>\n");
            out.append(svg(series));
        }
        return out.append("</body>\n</html>\n").toString();
    }

    private static String svg(Trend.Series series) {
        int n = series.points().size();
        double min = series.points().stream().mapToDouble(Trend.Point::value).min().orElse(0);
        double max = series.points().stream().mapToDouble(Trend.Point::value).max().orElse(1);
        if (max == min) {
            max = min + Math.max(1e-9, Math.abs(min) * 0.01);
        }
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">%n",
                WIDTH, HEIGHT, escape(series.metric())));
        svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">%.4g</text><text x=\"4\" y=\"%d\">%.4g</text>"
                + "<text x=\"%d\" y=\"14\">%s (better %s)</text>%n", PAD / 2, max, HEIGHT - PAD / 2, min, PAD,
                escape(series.unit()), series.better().word()));
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double x = x(i, n);
            double y = y(series.points().get(i).value(), min, max);
            line.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
            Trend.Point point = series.points().get(i);
            svg.append(String.format(Locale.ROOT, "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\"><title>%s %s: "
                    + "%.4g</title></circle>%n", x, y, escape(point.time().toString()), escape(point.commit()),
                    point.value()));
        }
        svg.append("<polyline class=\"line\" points=\"").append(line).append("\"/>\n");
        for (ChangePoint change : series.changePoints()) {
            double x = (x(change.index() - 1, n) + x(change.index(), n)) / 2;
            svg.append(String.format(Locale.ROOT, "<line class=\"change\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" fill=\"#c62828\">change %+.1f%%</text>%n", x, PAD / 2, x,
                    HEIGHT - PAD / 2, x + 3, PAD / 2 + 10, 100 * change.change()));
        }
        for (Acceptance acceptance : series.acceptances()) {
            int index = 0;
            while (index < n && series.points().get(index).time().isBefore(acceptance.time())) {
                index++;
            }
            double x = x(Math.min(index, n - 1), n);
            svg.append(String.format(Locale.ROOT, "<line class=\"accept\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\">"
                    + "<title>accepted: %s</title></line>%n", x, PAD / 2, x, HEIGHT - PAD / 2,
                    escape(acceptance.reason())));
        }
        return svg.append("</svg>\n").toString();
    }

    private static double x(int index, int count) {
        return PAD + (count <= 1 ? 0 : (double) index * (WIDTH - 2 * PAD) / (count - 1));
    }

    private static double y(double value, double min, double max) {
        return HEIGHT - PAD / 2.0 - (value - min) / (max - min) * (HEIGHT - PAD);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
