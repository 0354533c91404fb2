package org.journeyledger.journey.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.shortId;

/**
 * Field story S5, the journey view, through the running application: from the touchpoints of all channels the
 * analytics rank the most common, most positive and most negative interaction points, the channel transitions, and
 * give re-contact and promise-kept rates per channel.
 */
class JourneyAnalyticsTest extends LedgerIntegrationTest {

    @Test
    void theJourneyViewRanksInteractionPointsTransitionsAndRatesPerChannel() {
        LocalDate day = aDayOfItsOwn();
        dayOfTwoCustomers(day).forEach(this::recordNew);

        assertJourneyView(day);
    }

    /**
     * The same day sent as one batch: its events reach the projection in one processing batch, so the transitions,
     * the open issue and the re-contact must come from what that batch itself changed.
     */
    @Test
    void theSameDaySentAsOneBatchGivesTheSameJourneyView() {
        LocalDate day = aDayOfItsOwn();
        ArrayNode batch = JSON.createArrayNode();
        dayOfTwoCustomers(day).forEach(batch::add);

        assertThat(post("/api/touchpoints/batch", batch).body().get("stored").asInt()).isEqualTo(9);

        assertJourneyView(day);
    }

    /** A day of its own, long ago, so that other tests' touchpoints never fall into the range. */
    private static LocalDate aDayOfItsOwn() {
        return LocalDate.of(1995, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(0, 5000));
    }

    private static List<ObjectNode> dayOfTwoCustomers(LocalDate day) {
        Instant t = day.atTime(9, 0).toInstant(ZoneOffset.UTC);
        Scenario ana = new Scenario("email", email());
        Scenario ben = new Scenario("email", email());
        String caseId = "case-" + shortId();
        String issueId = "INC-" + shortId();
        String promiseId = "callback-" + shortId();
        return List.of(
                rated(ana.interaction("web", null, t, "form", "Looked for a delivery date"), 0.8, 5),
                rated(ben.interaction("web", null, t.plus(Duration.ofMinutes(30)), "form", "Browsed"), 0.6, null),
                rated(ana.interaction("chat", caseId, t.plus(Duration.ofHours(1)), "message", "Parcel is late"),
                        -0.7, 1),
                ana.issueRaised("chat", caseId, t.plus(Duration.ofMinutes(65)), issueId, "Late parcel"),
                rated(ben.interaction("chat", null, t.plus(Duration.ofHours(2)), "message", "Wrong size"), -0.5,
                        null),
                rated(ana.interaction("chat", caseId, t.plus(Duration.ofHours(3)), "message", "Still late!"), -0.9,
                        null),
                ana.promise("store", null, t.plus(Duration.ofHours(4)), promiseId,
                        Instant.now().plus(Duration.ofDays(1))),
                rated(ana.interaction("store", null, t.plus(Duration.ofMinutes(241)), "visit", "Came by"), 0.1,
                        null),
                ana.promiseKept("call_centre", t.plus(Duration.ofHours(5)), promiseId));
    }

    private void assertJourneyView(LocalDate day) {
        JsonNode report = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/api/analytics/journeys?from=" + day + "&to=" + day).body(),
                        r -> total(r) == 9 && channel(r, "store").path("promisesKeptOnTime").asLong() == 1);

        assertThat(report.at("/interactionPoints/0/channel").asText()).isEqualTo("chat");
        assertThat(report.at("/interactionPoints/0/type").asText()).isEqualTo("interaction");
        assertThat(report.at("/interactionPoints/0/touchpoints").asLong()).isEqualTo(3);
        assertThat(report.at("/transitions/0/fromChannel").asText()).isEqualTo("web");
        assertThat(report.at("/transitions/0/toChannel").asText()).isEqualTo("chat");
        assertThat(report.at("/transitions/0/transitions").asLong()).isEqualTo(2);
        // chat: (-0.7 - 0.5 - 0.9) / 3 = -0.7; web: (0.8 + 0.6) / 2 = 0.7
        assertThat(report.at("/mostNegative/0/channel").asText()).isEqualTo("chat");
        assertThat(report.at("/mostNegative/0/meanSentiment").decimalValue()).isEqualByComparingTo("-0.7");
        assertThat(report.at("/mostNegative/0/sentimentCount").asLong()).isEqualTo(3);
        assertThat(report.at("/mostNegative/0/meanCsat").decimalValue()).isEqualByComparingTo("1");
        assertThat(report.at("/mostPositive/0/channel").asText()).isEqualTo("web");
        assertThat(report.at("/mostPositive/0/meanSentiment").decimalValue()).isEqualByComparingTo("0.7");
        // chat: three inbound contacts, one of them while the issue was open within 7 days of the previous one
        JsonNode chat = channel(report, "chat");
        assertThat(chat.get("inboundContacts").asLong()).isEqualTo(3);
        assertThat(chat.get("recontacts").asLong()).isEqualTo(1);
        assertThat(chat.get("recontactRate").decimalValue()).isEqualByComparingTo("0.3333");
        JsonNode store = channel(report, "store");
        assertThat(store.get("promisesMade").asLong()).isEqualTo(1);
        assertThat(store.get("promiseKeptRate").decimalValue()).isEqualByComparingTo("1");
    }

    private static ObjectNode rated(ObjectNode interaction, double sentiment, Integer csat) {
        ObjectNode data = (ObjectNode) interaction.get("data");
        data.put("sentiment", sentiment);
        if (csat != null) {
            data.put("csat", csat);
        }
        return interaction;
    }

    private static long total(JsonNode report) {
        long total = 0;
        for (JsonNode channel : report.path("channels")) {
            total += channel.path("touchpoints").asLong();
        }
        return total;
    }

    private static JsonNode channel(JsonNode report, String name) {
        for (JsonNode channel : report.path("channels")) {
            if (channel.path("channel").asText().equals(name)) {
                return channel;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
