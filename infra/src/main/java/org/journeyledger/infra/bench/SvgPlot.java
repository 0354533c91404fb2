package org.journeyledger.infra.bench;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A two-panel SVG written without a plotting library: left, ingest throughput (touchpoints handled per second) and
 * projection lag over time; right, read latency by percentile. Plain polylines with labelled axes — enough to see
 * stalls, backlogs and tails.
 */
final class SvgPlot {

    /** One sample of the ingest: seconds since the first phase began, handled per second, max projection lag. */
    record Sample(double t, double perSecond, double lag, String phase) {
    }

    /** One point of a latency curve: percentile (e.g. 99.9) and milliseconds. */
    record Point(double percentile, double millis) {
    }

    private static final int W = 560;
    private static final int H = 340;
    private static final int M = 55;

    static String render(String title, List<Sample> ingest, List<Point> readLatency, List<Point> asOfLatency) {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(2 * W).append("\" height=\"")
                .append(H + 40).append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(W, 18, title, "middle", 14));
        svg.append("<g transform=\"translate(0,30)\">\n");
        ingestPanel(svg, ingest);
        svg.append("</g>\n<g transform=\"translate(").append(W).append(",30)\">\n");
        latencyPanel(svg, readLatency, asOfLatency);
        svg.append("</g>\n</svg>\n");
        return svg.toString();
    }

    private static void ingestPanel(StringBuilder svg, List<Sample> samples) {
        final double tMax = Math.max(1, samples.stream().mapToDouble(Sample::t).max().orElse(1));
        final double rMax = Math.max(1, samples.stream().mapToDouble(Sample::perSecond).max().orElse(1));
        final double lMax = Math.max(1, samples.stream().mapToDouble(Sample::lag).max().orElse(1));
        axes(svg, "seconds", "touchpoints/s (blue), lag in events (red, right scale)", tMax, rMax);
        svg.append(text(W - M + 4, M - 6, "lag " + Report.number(lMax), "start", 10));
        String phase = null;
        for (Sample s : samples) {
            if (!s.phase().equals(phase)) {
                phase = s.phase();
                double x = x(s.t(), tMax);
                svg.append(String.format(Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#bbb\" stroke-dasharray=\"3,3\"/>%n",
                        x, M, x, H - M));
                svg.append(text(x + 3, M + 12, phase, "start", 10));
            }
        }
        polyline(svg, samples.stream().map(s -> new double[]{x(s.t(), tMax), y(s.perSecond(), rMax)}).toList(),
                "#1f77b4");
        polyline(svg, samples.stream().map(s -> new double[]{x(s.t(), tMax), y(s.lag(), lMax)}).toList(),
                "#d62728");
    }

    private static void latencyPanel(StringBuilder svg, List<Point> read, List<Point> asOf) {
        final double msMax = Math.max(1, Stream.concat(read.stream(), asOf.stream()).mapToDouble(Point::millis).max()
                .orElse(1));
        // x: percentile on a "nines" scale, -log10(1 - p/100): 50 -> 0.3, 90 -> 1, 99 -> 2, 99.9 -> 3, max -> 4.
        axes(svg, "percentile (50, 90, 99, 99.9, max)", "ms: context reads (blue), as-of reads (green)", 4, msMax);
        polyline(svg, read.stream().map(p -> new double[]{x(nines(p.percentile()), 4), y(p.millis(), msMax)})
                .toList(), "#1f77b4");
        polyline(svg, asOf.stream().map(p -> new double[]{x(nines(p.percentile()), 4), y(p.millis(), msMax)})
                .toList(), "#2ca02c");
    }

    static double nines(double percentile) {
        return percentile >= 100 ? 4 : Math.min(4, -Math.log10(1 - percentile / 100));
    }

    private static void axes(StringBuilder svg, String xLabel, String yLabel, double xMax, double yMax) {
        svg.append(String.format(Locale.ROOT,
                "<path d=\"M%d %d V%d H%d\" fill=\"none\" stroke=\"black\"/>%n", M, M, H - M, W - M));
        for (int k = 0; k <= 4; k++) {
            double v = yMax * k / 4;
            svg.append(text(M - 4, y(v, yMax) + 4, Report.number(v), "end", 10));
            double xv = xMax * k / 4;
            svg.append(text(x(xv, xMax), H - M + 14, Report.number(xv), "middle", 10));
        }
        svg.append(text((W) / 2.0, H - 12, xLabel, "middle", 11));
        svg.append(text(M, M - 20, yLabel, "start", 11));
    }

    private static void polyline(StringBuilder svg, List<double[]> points, String colour) {
        StringBuilder p = new StringBuilder();
        for (double[] xy : points) {
            p.append(String.format(Locale.ROOT, "%.1f,%.1f ", xy[0], xy[1]));
        }
        svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(colour).append("\" points=\"")
                .append(p.toString().trim()).append("\"/>\n");
    }

    private static double x(double v, double max) {
        return M + (W - 2 * M) * v / max;
    }

    private static double y(double v, double max) {
        return H - M - (H - 2 * M) * v / max;
    }

    private static String text(double x, double y, String s, String anchor, int size) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
                x, y, anchor, size, s.replace("&", "&amp;").replace("<", "&lt;"));
    }
}
