package org.journeyledger.journey.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;

/**
 * "Your agent told me on the 3rd that…": the context and timeline as the ledger knew them at a past instant.
 */
class AsOfTest extends LedgerIntegrationTest {

    @Test
    void aLateStoreBatchChangesTodaysContextButNotTheContextAsOfBeforeItArrived() throws Exception {
        Instant yesterday = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Scenario customer = new Scenario("loyalty_card", loyaltyCard());
        String customerId = recordNew(customer.interaction("web", null, yesterday.plusSeconds(3600), "form",
                "Asked about price protection"));
        recordNew(customer.fact("web", null, yesterday.plusSeconds(3700), "preferred_store", "Canal Street"));
        awaitContext(customerId, c -> c.path("touchpointCount").asInt() == 2);
        Thread.sleep(20);
        Instant whatTheAgentSaw = Instant.now();
        Thread.sleep(20);
        // Tonight's POS upload: a purchase that happened yesterday morning.
        recordNew(customer.fact("store", null, yesterday, "preferred_store", "Harbour Mall"));
        recordNew(customer.interaction("store", null, yesterday.plusSeconds(60), "visit", "Bought shoes"));

        JsonNode today = awaitContext(customerId, c -> c.path("touchpointCount").asInt() == 4);
        JsonNode then = get("/api/customers/" + customerId + "/context?asOf=" + whatTheAgentSaw).body();

        assertThat(today.at("/channels/store/touchpointCount").asInt()).isEqualTo(2);
        assertThat(then.get("touchpointCount").asInt()).isEqualTo(2);
        assertThat(then.at("/channels/store").isMissingNode()).isTrue();
        assertThat(then.at("/facts/preferred_store/timesTold").asInt()).isEqualTo(1);
        assertThat(today.at("/facts/preferred_store/timesTold").asInt()).isEqualTo(2);
        assertThat(Instant.parse(then.get("knownAsOf").asText())).isBefore(whatTheAgentSaw);
        JsonNode timelineThen = get("/api/customers/" + customerId + "/timeline?asOf=" + whatTheAgentSaw).body();
        assertThat(timelineThen.get("items")).hasSize(2);
        assertThat(get("/api/customers/" + customerId + "/timeline?asOf=yesterday").errorFields()).containsExactly("asOf");
    }

    @Test
    void theContextAsOfNowIsTheLiveContext() {
        Scenario customer = new Scenario("loyalty_card", loyaltyCard());
        String customerId = recordNew(customer.interaction("app", "c-as-of", Instant.now().minusSeconds(30), "message",
                "Hello"));
        recordNew(customer.fact("app", "c-as-of", Instant.now().minusSeconds(20), "order_number", "A-1"));
        JsonNode live = awaitContext(customerId, c -> c.path("facts").size() == 1);

        JsonNode folded = get("/api/customers/" + customerId + "/context?asOf=" + Instant.now()).body();

        // The computed attributes say at which instant they were evaluated; everything else is the same fold.
        ((ObjectNode) folded.get("attributes")).remove("asOf");
        ((ObjectNode) live.get("attributes")).remove("asOf");
        assertThat(folded).isEqualTo(live);
    }
}
