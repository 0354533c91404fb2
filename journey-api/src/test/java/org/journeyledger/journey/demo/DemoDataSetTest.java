package org.journeyledger.journey.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo data set is fixed for a day: the same envelopes every time (so loading twice stores nothing new), each
 * with its own source event id, all of them already past when the day begins.
 */
class DemoDataSetTest {

    private final LocalDate day = LocalDate.of(2026, 11, 23);

    @Test
    void theSameDayGivesTheSameEnvelopes() {
        assertThat(all(DemoData.forDay(day))).isEqualTo(all(DemoData.forDay(day)));
    }

    @Test
    void everyEnvelopeHasASourceEventIdOfItsOwn() {
        List<ObjectNode> all = all(DemoData.forDay(day));
        Set<String> ids = new HashSet<>();
        all.forEach(t -> ids.add(t.get("source").asText() + "/" + t.get("sourceEventId").asText()));
        assertThat(ids).hasSameSizeAs(all);
        assertThat(all).hasSizeGreaterThan(2 * DemoData.BACKGROUND_CUSTOMERS);
    }

    @Test
    void everythingHappenedBeforeTheDayAndTheBackgroundInItsLastFourWeeks() {
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        DemoData data = DemoData.forDay(day);
        assertThat(all(data)).allSatisfy(t -> assertThat(Instant.parse(t.get("occurredAt").asText())).isBefore(start));
        assertThat(data.background()).allSatisfy(t -> assertThat(Instant.parse(t.get("occurredAt").asText()))
                .isAfterOrEqualTo(start.minusSeconds(28 * 86_400L)));
    }

    @Test
    void theBackgroundUsesEveryChannelOfTheMix() {
        Set<String> channels = new HashSet<>();
        DemoData.forDay(day).background().forEach(t -> channels.add(t.get("channel").asText()));
        assertThat(channels).contains("store", "web", "app", "email", "call_centre", "chat");
    }

    private static List<ObjectNode> all(DemoData data) {
        List<ObjectNode> all = new ArrayList<>(data.stories());
        all.addAll(data.background());
        return all;
    }
}
