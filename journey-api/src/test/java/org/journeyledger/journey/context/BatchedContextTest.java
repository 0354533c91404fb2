package org.journeyledger.journey.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.journeyledger.journey.readmodel.Processors;
import org.journeyledger.journey.readmodel.ReadModelJson;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * The context projection folds a processing batch per customer in memory and writes each document once: many events
 * of one customer in one batch must all be in the document, and the documents must not depend on how the events were
 * cut into batches (live, a few at a time; after a reset, hundreds at a time).
 */
class BatchedContextTest extends LedgerIntegrationTest {

    private static final int FACTS = 40;

    @Autowired
    private EventProcessingConfiguration processing;
    @Autowired
    private CustomerContextStore contexts;
    @Autowired
    private ContextAsOf contextAsOf;

    @Test
    void aBatchHoldingManyEventsOfOneCustomerFoldsEveryOne() {
        Instant day = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Scenario customer = new Scenario("email", email());
        Scenario neighbour = new Scenario("loyalty_card", loyaltyCard());
        String customerId = recordNew(customer.interaction("web", null, day, "form", "Hello"));
        String neighbourId = recordNew(neighbour.interaction("store", null, day, "visit", "Hi"));
        awaitContext(neighbourId, c -> c.path("touchpointCount").asLong() == 1);

        ArrayNode batch = JSON.createArrayNode();
        for (int i = 0; i < FACTS; i++) {
            batch.add(customer.fact("web", null, day.plusSeconds(60 + i), "key_" + i, "value-" + i));
            if (i % 10 == 0) {
                batch.add(neighbour.fact("store", null, day.plusSeconds(60 + i), "size", "M" + i));
            }
        }
        batch.add(customer.fact("chat", null, day.plusSeconds(600), "key_0", "told again"));
        // With the processor stopped the events pile up, so they reach the projection in one or two batches.
        whileStopped(contextProcessor(), () -> {
            HttpResult stored = post("/api/touchpoints/batch", batch);
            assertThat(stored.status()).isEqualTo(200);
            assertThat(stored.body().get("stored").asInt()).isEqualTo(batch.size());
        });

        JsonNode context = awaitContext(customerId, c -> c.path("touchpointCount").asLong() == FACTS + 2);
        assertThat(context.get("facts")).hasSize(FACTS);
        for (int i = 1; i < FACTS; i++) {
            assertThat(context.at("/facts/key_" + i + "/value").asText()).isEqualTo("value-" + i);
        }
        assertThat(context.at("/facts/key_0/value").asText()).isEqualTo("told again");
        assertThat(context.at("/facts/key_0/timesTold").asInt()).isEqualTo(2);
        JsonNode neighbours = awaitContext(neighbourId, c -> c.path("touchpointCount").asLong() == 5);
        assertThat(neighbours.at("/facts/size/value").asText()).isEqualTo("M30");
        // The document is the fold of the customer's whole history, event by event.
        assertThat(document(customerId)).isEqualTo(ReadModelJson.mapper()
                .valueToTree(contextAsOf.at(customerId, Instant.now().plusSeconds(60))));
    }

    @Test
    void aReplayWritesTheDocumentsLiveProcessingWrote() {
        Instant day = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String card = loyaltyCard();
        String email = email();
        Scenario byCard = new Scenario("loyalty_card", card);
        Scenario byEmail = new Scenario("email", email);
        String storeCustomer = recordNew(byCard.interaction("store", null, day, "visit", "Browsing"));
        String webCustomer = recordNew(byEmail.fact("web", null, day.plusSeconds(10), "delivery_address",
                "4 Quay Street"));
        for (int i = 0; i < 5; i++) {
            record(byCard.fact("store", null, day.plusSeconds(20 + i), "size", "M" + i));
        }
        awaitContext(storeCustomer, c -> c.path("touchpointCount").asLong() == 6);
        // A merge in the middle of a batch: the survivor's context is folded anew from the merged history, and the
        // events after it in the same batch fold on top of that.
        whileStopped(contextProcessor(), () -> {
            record(byEmail.fact("web", null, day.plusSeconds(30), "shoe_size", "42"));
            recordNew(with(with(touchpoint("chat", "login", day.plusSeconds(40)), "loyalty_card", card),
                    "email", email));
            for (int i = 0; i < 5; i++) {
                record(byCard.fact("chat", null, day.plusSeconds(50 + i), "colour", "blue-" + i));
            }
        });
        JsonNode merged = awaitContext(storeCustomer, c -> c.at("/facts/colour/value").asText().equals("blue-4"));
        assertThat(merged.path("merges")).hasSize(1);
        Map<String, JsonNode> live = documents(List.of(storeCustomer, webCustomer));

        StreamingEventProcessor processor = contextProcessor();
        long head = count("SELECT max(global_index) FROM domain_event_entry");
        processor.shutDown();
        processor.resetTokens();
        processor.start();

        // The whole store is replayed; waiting for every segment to pass the head also keeps the replay from lagging
        // the contexts that the tests after this one wait for. (A segment reports "replaying" until an event after
        // the reset position reaches it, so that flag says nothing here.)
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(processor.isError()).isFalse();
            Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
            assertThat(segments).hasSize((int) count(
                    "SELECT count(*) FROM token_entry WHERE processor_name = ?", processor.getName()));
            assertThat(segments.values()).allMatch(segment -> segment.isCaughtUp()
                    && segment.getCurrentPosition().orElse(-1) >= head);
        });
        assertThat(documents(List.of(storeCustomer, webCustomer))).isEqualTo(live);
    }

    private StreamingEventProcessor contextProcessor() {
        return processing.eventProcessor(Processors.CUSTOMER_CONTEXT, StreamingEventProcessor.class)
                .orElseThrow();
    }

    private static void whileStopped(StreamingEventProcessor processor, Runnable recording) {
        processor.shutDown();
        try {
            recording.run();
        } finally {
            processor.start();
        }
    }

    private Map<String, JsonNode> documents(List<String> customerIds) {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        customerIds.forEach(id -> documents.put(id, document(id)));
        return documents;
    }

    private JsonNode document(String customerId) {
        return contexts.find(customerId).<JsonNode>map(ReadModelJson.mapper()::valueToTree).orElse(null);
    }
}
