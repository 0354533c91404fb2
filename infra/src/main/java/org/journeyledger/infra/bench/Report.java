package org.journeyledger.infra.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The one table the bench prints: a row per figure, with the target it is measured against where there is one. */
final class Report {

    record Row(String figure, String value, String target) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final String title;

    Report(String title) {
        this.title = title;
    }

    void add(String figure, String value, String target) {
        rows.add(new Row(figure, value, target == null ? "" : target));
    }

    void add(String figure, String value) {
        add(figure, value, "");
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Fixed-width text with a header, columns as wide as their widest cell. */
    String format() {
        int w0 = "figure".length();
        int w1 = "value".length();
        for (Row r : rows) {
            w0 = Math.max(w0, r.figure().length());
            w1 = Math.max(w1, r.value().length());
        }
        String line = "-".repeat(w0 + w1 + 40) + "\n";
        StringBuilder out = new StringBuilder(title).append('\n').append(line);
        out.append(pad("figure", w0)).append(" | ").append(pad("value", w1)).append(" | target\n").append(line);
        for (Row r : rows) {
            out.append(pad(r.figure(), w0)).append(" | ").append(pad(r.value(), w1)).append(" | ")
                    .append(r.target()).append('\n');
        }
        return out.append(line).toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    static String number(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%,.0f" : "%,.1f", value);
    }

    static String millis(long micros) {
        return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
    }

    static String mib(double bytes) {
        return String.format(Locale.ROOT, "%,.0f MiB", bytes / (1024 * 1024));
    }
}
