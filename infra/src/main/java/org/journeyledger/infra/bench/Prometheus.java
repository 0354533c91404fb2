package org.journeyledger.infra.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed {@code /actuator/prometheus} page: just enough of the text format to sum a metric over the series whose
 * labels match (the ledger's own counters and the lag gauge; no histograms needed).
 */
record Prometheus(Map<String, Double> series) {

    static Prometheus parse(String text) {
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            try {
                series.put(line.substring(0, space).trim(), Double.parseDouble(line.substring(space + 1).trim()));
            } catch (NumberFormatException ignored) {
                // not a sample line
            }
        }
        return new Prometheus(series);
    }

    /**
     * Sum of {@code name} over the series having every given {@code label="value"} (e.g. {@code processor="timeline"});
     * NaN when no series matches, so that a missing metric is not mistaken for zero.
     */
    double sum(String name, String... labels) {
        double sum = 0;
        boolean found = false;
        for (Map.Entry<String, Double> e : series.entrySet()) {
            String key = e.getKey();
            if (!(key.equals(name) || key.startsWith(name + "{"))) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                if (!key.contains(label)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                sum += e.getValue();
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }

    /** Lag of a projection processor; -1 (no segment claimed) and a missing gauge count as not caught up. */
    double lag(String processor) {
        return sum("journey_processor_lag", "processor=\"" + processor + "\"");
    }
}
