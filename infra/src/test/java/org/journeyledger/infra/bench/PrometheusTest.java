package org.journeyledger.infra.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTest {

    private static final String PAGE = """
            # HELP journey_processor_lag Events in the store that the processor has not handled yet
            # TYPE journey_processor_lag gauge
            journey_processor_lag{application="journey-ledger",processor="customer-context"} 12.0
            journey_processor_lag{application="journey-ledger",processor="journey-analytics"} 0.0
            journey_touchpoints_ingested_total{application="journey-ledger",outcome="stored"} 1500.0
            journey_touchpoints_ingested_total{application="journey-ledger",outcome="duplicate"} 3.0
            journey_touchpoints_retries_total{application="journey-ledger"} 2.0
            """;

    @Test
    void sumsTheSeriesWhoseLabelsMatch() {
        Prometheus p = Prometheus.parse(PAGE);
        assertThat(p.sum("journey_touchpoints_ingested_total")).isEqualTo(1503.0);
        assertThat(p.sum("journey_touchpoints_ingested_total", "outcome=\"stored\"")).isEqualTo(1500.0);
        assertThat(p.lag("customer-context")).isEqualTo(12.0);
        assertThat(p.lag("journey-analytics")).isZero();
        assertThat(IngestMonitor.caughtUp(p)).isFalse();
    }

    @Test
    void aMissingMetricIsNotZero() {
        Prometheus p = Prometheus.parse(PAGE);
        assertThat(p.sum("journey_kafka_touchpoints_handled_total")).isNaN();
        assertThat(IngestMonitor.kafkaHandled(p)).isZero(); // a counter not yet incremented is absent
        assertThat(p.lag("journey-events-publisher")).isNaN();
        assertThat(p.sum("journey_touchpoints_retries")).isNaN(); // a prefix is not a name
    }
}
