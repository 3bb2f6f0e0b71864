package io.shadowcat.profiler.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/** The formats {@code profile report} writes. Thread-safe. */
public enum ReportFormat {
    /** Aligned tables for a terminal. */
    TEXT("text", TextReport::render),
    /** A {@code shadowcat.result/v1} document. */
    JSON("json", ResultDocument::render),
    /** One self-contained HTML page with charts. */
    HTML("html", HtmlReport::render),
    /** Markdown, e.g. for a pull-request comment. */
    MD("md", MarkdownReport::render);

    private final String option;
    private final Function<Report, String> renderer;

    ReportFormat(String option, Function<Report, String> renderer) {
        this.option = option;
        this.renderer = renderer;
    }

    /** The name used on the command line. */
    public String option() {
        return option;
    }

    /** The whole report in this format. */
    public String render(Report report) {
        return renderer.apply(report);
    }

    /** The format named {@code option}, case-insensitively. */
    public static ReportFormat of(String option) {
        return Arrays.stream(values()).filter(f -> f.option.equals(option.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown format '" + option + "': use text, json, html or md"));
    }
}
