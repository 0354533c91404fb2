package org.journeyledger.infra.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

    @Test
    void alignsColumnsToTheWidestCell() {
        Report report = new Report("title");
        report.add("short", "1", ">= 2");
        report.add("a much longer figure", "12,345 rows/s");
        String[] lines = report.format().split("\n");
        assertThat(lines[2]).startsWith("figure               | value         | target");
        assertThat(lines[4]).isEqualTo("short                | 1             | >= 2");
        assertThat(lines[5]).isEqualTo("a much longer figure | 12,345 rows/s | ");
    }

    @Test
    void formatsNumbersAndLatencies() {
        assertThat(Report.number(12345.6)).isEqualTo("12,346");
        assertThat(Report.number(49.24)).isEqualTo("49.2");
        assertThat(Report.millis(3704)).isEqualTo("3.70 ms");
        assertThat(Report.mib(512 * 1024 * 1024)).isEqualTo("512 MiB");
        assertThat(SvgPlot.nines(99)).isEqualTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
    }
}
