package org.journeyledger.journey.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.promise.PromiseMadeEvent;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.journeyledger.journey.touchpoint.Origin;
import org.journeyledger.journey.touchpoint.TouchpointIngestion;
import org.journeyledger.journey.touchpoint.TouchpointParser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;
import static org.journeyledger.journey.support.Touchpoints.shortId;

/**
 * A node keeps customers' decision state in memory between commands; a decision must still see exactly what is
 * committed, whoever committed it and however a transaction ended.
 */
class AggregateCacheTest extends LedgerIntegrationTest {

    @Autowired
    private TouchpointIngestion ingestion;
    @Autowired
    private TouchpointParser parser;
    @Autowired
    private TransactionTemplate transaction;
    @Autowired
    private EventStore eventStore;

    @Test
    void aPromiseRecordedInATransactionThatRolledBackWasNeverMade() throws Exception {
        Scenario customer = new Scenario("loyalty_card", loyaltyCard());
        String customerId = recordNew(customer.interaction("store", null, Instant.now(), "visit", "Came in"));
        String promiseId = "refund-" + shortId();
        byte[] promise = JSON.writeValueAsBytes(customer.promise("call_centre", null, Instant.now(), promiseId,
                Instant.now().plus(2, ChronoUnit.DAYS)));

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            assertThat(ingestion.record(parser.parse(promise)).customerId()).isEqualTo(customerId);
            throw new IllegalStateException("the rest of the transaction failed");
        })).hasMessage("the rest of the transaction failed");

        HttpResult kept = record(customer.promiseKept("store", Instant.now(), promiseId));
        assertThat(kept.status()).as("%s", kept.body()).isEqualTo(409);
        assertThat(kept.body().at("/errors/0/field").asText()).isEqualTo("data.promiseId");
        HttpResult madeAgain = record(customer.promise("call_centre", null, Instant.now(), promiseId,
                Instant.now().plus(2, ChronoUnit.DAYS)));
        assertThat(madeAgain.status()).as("%s", madeAgain.body()).isEqualTo(201);
    }

    @Test
    void aPromiseAppendedByAnotherWriterIsKnownToTheNextDecision() {
        Scenario customer = new Scenario("loyalty_card", loyaltyCard());
        String customerId = recordNew(customer.interaction("store", null, Instant.now(), "visit", "Came in"));
        assertThat(record(customer.interaction("web", null, Instant.now(), "visit", "Browsed")).status())
                .isEqualTo(201);
        String promiseId = "callback-" + shortId();

        // As another node would: straight to the store, past this node's repository and its cache.
        transaction.executeWithoutResult(status -> {
            long next = count("SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?",
                    customerId) + 1;
            Origin origin = new Origin(UUID.randomUUID().toString(), "call_centre", "other-node", "agent-7", null,
                    Instant.now());
            eventStore.publish(new GenericDomainEventMessage<>("CustomerJourney", customerId, next,
                    new PromiseMadeEvent(CustomerId.of(customerId), promiseId, "We will call back",
                            Instant.now().plus(1, ChronoUnit.DAYS), origin)));
        });

        HttpResult kept = record(customer.promiseKept("store", Instant.now(), promiseId));
        assertThat(kept.status()).as("%s", kept.body()).isEqualTo(201);
        JsonNode context = awaitContext(customerId,
                c -> "kept".equals(c.at("/promises/" + promiseId + "/status").asText()));
        assertThat(context.at("/promises/" + promiseId + "/status").asText()).isEqualTo("kept");
    }
}
