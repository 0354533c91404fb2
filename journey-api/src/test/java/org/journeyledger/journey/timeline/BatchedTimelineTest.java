package org.journeyledger.journey.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.journeyledger.journey.readmodel.Processors;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;
import static org.journeyledger.journey.support.Touchpoints.shortId;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * The timeline projection sends the rows of a processing batch together when the batch commits. Events later in the
 * same batch that change those rows — a handover marks the touchpoint that moved the conversation, a merge moves
 * the absorbed customer's entries to the survivor — must find them.
 */
class BatchedTimelineTest extends LedgerIntegrationTest {

    @Autowired
    private EventProcessingConfiguration processing;

    @Test
    void aHandoverAndAMergeInTheBatchThatAddedTheirRowsFindThem() {
        Instant day = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String email = email();
        String card = loyaltyCard();
        Scenario online = new Scenario("email", email);
        Scenario inStore = new Scenario("loyalty_card", card);
        String conversation = "conv-" + shortId();
        String survivor;
        String absorbed;

        StreamingEventProcessor processor = processing.eventProcessor(Processors.CUSTOMER_CONTEXT,
                StreamingEventProcessor.class).orElseThrow();
        // Stopped, the events pile up and reach the projection in one batch (or a few).
        processor.shutDown();
        try {
            survivor = recordNew(online.interaction("app", conversation, day, "message", "The lamp flickers"));
            recordNew(online.interaction("web", conversation, day.plusSeconds(60), "form", "Sent a video of it"));
            absorbed = recordNew(inStore.interaction("store", null, day.plusSeconds(120), "visit", "Looked at lamps"));
            // One touchpoint carrying both identifiers: the two customers are one, the store's is absorbed.
            recordNew(with(with(touchpoint("store", "purchase_intent", day.plusSeconds(180)), "loyalty_card", card),
                    "email", email));
        } finally {
            processor.start();
        }

        JsonNode page = awaitTimeline(survivor, 4);
        Map<String, String> handoverByChannel = new HashMap<>();
        page.get("items").forEach(item -> handoverByChannel.put(item.get("channel").asText() + "/"
                + item.get("type").asText(), item.path("handoverFrom").asText("-")));
        assertThat(handoverByChannel).containsEntry("web/interaction", "app").containsEntry("app/interaction", "-")
                .containsEntry("store/interaction", "-");
        assertThat(count("SELECT count(*) FROM timeline_entry WHERE customer_id = ? AND owner_id = ?", absorbed,
                survivor)).as("the absorbed customer's entry shows on the survivor's timeline").isEqualTo(1);
        assertThat(get("/api/customers/" + absorbed + "/timeline").body().get("items")).hasSize(4);
    }
}
