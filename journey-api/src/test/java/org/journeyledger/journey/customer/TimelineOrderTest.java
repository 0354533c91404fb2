package org.journeyledger.journey.customer;

import com.fasterxml.jackson.databind.JsonNode;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;
import static org.journeyledger.journey.support.Touchpoints.purchase;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

class TimelineOrderTest extends LedgerIntegrationTest {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void aLateStoreBatchLandsWhereItHappenedNotWhereItArrived() {
        String card = loyaltyCard();
        String customer = recordNew(with(touchpoint("web", "page_view", now.minus(1, ChronoUnit.HOURS)),
                "loyalty_card", card));
        recordNew(with(touchpoint("app", "login", now.minus(10, ChronoUnit.MINUTES)), "loyalty_card", card));
        // Uploaded tonight, happened yesterday.
        Instant yesterday = now.minus(1, ChronoUnit.DAYS);
        recordNew(with(purchase("store", yesterday), "loyalty_card", card));

        JsonNode items = awaitTimeline(customer, 3).get("items");

        assertThat(channels(items)).containsExactly("app", "web", "store");
        JsonNode late = items.get(2);
        assertThat(Instant.parse(late.get("recordedAt").asText())).isAfter(Instant.parse(late.get("occurredAt").asText()));
        JsonNode context = awaitContext(customer, c -> c.path("touchpointCount").asInt() == 3);
        assertThat(context.get("firstSeen").asText()).isEqualTo(yesterday.toString());
        assertThat(context.get("lastSeen").asText()).isEqualTo(now.minus(10, ChronoUnit.MINUTES).toString());
    }

    @Test
    void cursorPagingNeitherRepeatsNorSkipsWhileNewTouchpointsArrive() {
        String card = loyaltyCard();
        String customer = null;
        for (int i = 0; i < 7; i++) {
            customer = recordNew(with(touchpoint("store", "visit", now.minus(i, ChronoUnit.DAYS)), "loyalty_card", card));
        }
        awaitTimeline(customer, 7);

        List<String> seen = new ArrayList<>();
        JsonNode page = get("/api/customers/" + customer + "/timeline?limit=3").body();
        page.get("items").forEach(item -> seen.add(item.get("eventId").asText()));
        // A new touchpoint (the newest of all) and a late one (the oldest of all) arrive between pages.
        recordNew(with(touchpoint("web", "login", now.plus(1, ChronoUnit.MINUTES)), "loyalty_card", card));
        recordNew(with(purchase("store", now.minus(30, ChronoUnit.DAYS)), "loyalty_card", card));
        awaitTimeline(customer, 9);
        while (page.hasNonNull("nextCursor")) {
            page = get("/api/customers/" + customer + "/timeline?limit=3&cursor=" + page.get("nextCursor").asText()).body();
            page.get("items").forEach(item -> seen.add(item.get("eventId").asText()));
        }

        assertThat(seen).doesNotHaveDuplicates().hasSize(8);
        JsonNode all = get("/api/customers/" + customer + "/timeline?limit=500").body().get("items");
        List<String> expected = new ArrayList<>();
        all.forEach(item -> expected.add(item.get("eventId").asText()));
        assertThat(seen).isEqualTo(expected.subList(1, 9));
    }

    @Test
    void aBadCursorOrLimitIsNamedInTheProblem() {
        String customer = recordNew(with(touchpoint("web", "login", now), "loyalty_card", loyaltyCard()));

        assertThat(get("/api/customers/" + customer + "/timeline?cursor=bogus").errorFields()).containsExactly("cursor");
        assertThat(get("/api/customers/" + customer + "/timeline?limit=0").errorFields()).containsExactly("limit");
        assertThat(get("/api/customers/" + customer + "/timeline?limit=ten").errorFields()).containsExactly("limit");
    }

    private static List<String> channels(JsonNode items) {
        List<String> channels = new ArrayList<>();
        items.forEach(item -> channels.add(item.get("channel").asText()));
        return channels;
    }
}
