package org.journeyledger.journey.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.journeyledger.journey.support.Touchpoints.shortId;

/**
 * Field story S3 through the running application: a conversation begun in the app, continued in the store and
 * finished online is resumable from any channel; a promise made in one channel is known in all, kept or broken.
 */
class ResumeAnywhereTest extends LedgerIntegrationTest {

    @Test
    void aConversationFromTheAppThroughTheStoreToTheWebIsResumableWithEverythingSaid() {
        Instant start = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Scenario customer = new Scenario("account_id", "app-user-" + shortId());
        String conversation = "conv-" + shortId();
        String customerId = recordNew(customer.interaction("app", conversation, start, "message",
                "The sofa I ordered arrived with a torn cushion"));
        recordNew(customer.fact("app", conversation, start.plusSeconds(30), "order_number", "SOFA-" + shortId()));
        recordNew(customer.interaction("store", conversation, start.plusSeconds(7200), "visit",
                "Showed the cushion to the associate"));
        recordNew(customer.promise("store", conversation, start.plusSeconds(7300), "promise-" + shortId(),
                start.plus(3, ChronoUnit.DAYS)));
        recordNew(customer.interaction("web", conversation, start.plusSeconds(80_000), "form",
                "Booked the replacement delivery slot online"));

        // The messages come from the timeline, the channels and the rest from the context: two projections, each
        // at its own pace, so wait for both.
        JsonNode resume = await().atMost(Duration.ofSeconds(20)).until(() -> resume(customerId, conversation),
                r -> r.path("messages").size() == 3 && r.at("/messages/2/handoverFrom").isTextual()
                        && r.path("channels").size() == 3 && "web".equals(r.at("/lastMessage/channel").asText()));

        assertThat(resume.get("status").asText()).isEqualTo("open");
        assertThat(strings(resume.get("channels"))).containsExactly("app", "store", "web");
        assertThat(resume.at("/lastMessage/summary").asText()).isEqualTo("Booked the replacement delivery slot online");
        assertThat(resume.at("/lastMessage/channel").asText()).isEqualTo("web");
        List<String> handovers = new ArrayList<>();
        resume.get("messages").forEach(m -> handovers.add(m.path("handoverFrom").asText("-")));
        assertThat(handovers).containsExactly("-", "app", "store");
        assertThat(resume.get("facts")).extracting(f -> f.get("key").asText()).contains("order_number");
        assertThat(resume.get("promises")).hasSize(1);
        assertThat(resume.at("/promises/0/madeIn").asText()).isEqualTo("store");
        assertThat(resume.at("/promises/0/status").asText()).isEqualTo("open");
    }

    @Test
    void aPromiseNotKeptBreaksByItselfOnceAndAKeptOneNever() {
        Instant now = Instant.now();
        Scenario customer = new Scenario("loyalty_card", "LC" + System.nanoTime());
        String broken = "call-back-" + shortId();
        String kept = "refund-" + shortId();
        String customerId = recordNew(customer.promise("store", null, now, broken, now.plusSeconds(2)));
        recordNew(customer.promise("store", null, now, kept, now.plusSeconds(2)));
        recordNew(customer.promiseKept("call_centre", now.plusSeconds(1), kept));

        JsonNode context = awaitContext(customerId,
                c -> c.at("/promises/" + broken + "/status").asText().equals("broken"));

        assertThat(context.at("/promises/" + broken + "/brokenAt").asText()).isNotEmpty();
        assertThat(context.at("/promises/" + kept + "/status").asText()).isEqualTo("kept");
        assertThat(context.at("/promises/" + kept + "/keptIn").asText()).isEqualTo("call_centre");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                brokenEvents(customerId, broken) == 1 && brokenEvents(customerId, kept) == 0);
    }

    private long brokenEvents(String customerId, String promiseId) {
        return count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?"
                        + " AND payload_type LIKE '%PromiseBrokenEvent' AND position(? in convert_from(payload, 'UTF8')) > 0",
                customerId, promiseId);
    }

    private JsonNode resume(String customerId, String conversation) {
        return get("/api/customers/" + customerId + "/conversations/" + conversation).body();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
