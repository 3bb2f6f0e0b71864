package io.shadowcat.profiler.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A titled table of already formatted cells, rendered as aligned plain text or as a Markdown table.
 * The first {@code leftAligned} columns (names) are left-aligned, the others (figures) right-aligned.
 * Not thread-safe while being filled.
 */
final class Table {
    private final String title;
    private final List<String> headers;
    private final int leftAligned;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String title, List<String> headers) {
        this(title, headers, 1);
    }

    Table(String title, List<String> headers, int leftAligned) {
        this.title = title;
        this.headers = List.copyOf(headers);
        this.leftAligned = leftAligned;
    }

    Table row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.size());
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    String title() {
        return title;
    }

    List<String> headers() {
        return headers;
    }

    List<List<String>> rows() {
        return rows;
    }

    void text(StringBuilder out) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.append(title).append('\n');
        line(out, headers, widths);
        for (List<String> row : rows) {
            line(out, row, widths);
        }
        out.append('\n');
    }

    void markdown(StringBuilder out) {
        out.append("## ").append(title).append("\n\n");
        out.append("| ").append(String.join(" | ", headers)).append(" |\n|");
        for (int i = 0; i < headers.size(); i++) {
            out.append(i < leftAligned ? "---|" : "---:|");
        }
        out.append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row.stream().map(Table::escape).toList())).append(" |\n");
        }
        out.append('\n');
    }

    private void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String pad = " ".repeat(widths[i] - cell.length());
            line.append("  ").append(i < leftAligned ? cell + pad : pad + cell);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static String escape(String cell) {
        return cell.replace("|", "\\|");
    }
}
