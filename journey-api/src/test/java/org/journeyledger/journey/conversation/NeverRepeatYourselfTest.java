package org.journeyledger.journey.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.shortId;

/**
 * Field story S2, "the maze", through the running application: what the customer told chat is on the phone agent's
 * screen with where and when it was said; several problems in one contact stay on one conversation; a reported defect
 * stays visible until it is recorded as fixed.
 */
class NeverRepeatYourselfTest extends LedgerIntegrationTest {

    private final Instant start = Instant.now().minus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void whatTheCustomerToldChatIsOnThePhoneAgentsScreenAndTwoProblemsStayOnOneConversation() {
        Scenario customer = new Scenario("email", email());
        String conversation = "case-" + shortId();
        String orderNumber = "SO-" + (100000 + (int) (Math.random() * 800000));
        String customerId = recordNew(customer.interaction("chat", conversation, start, "message",
                "My blender stopped working after two days"));
        recordNew(customer.fact("chat", conversation, start.plusSeconds(40), "order_number", orderNumber));
        recordNew(customer.fact("chat", conversation, start.plusSeconds(70), "problem_in_their_words",
                "It smells burnt and the lid does not lock"));
        // Transferred to the phone: the same conversation continues in another channel.
        recordNew(customer.interaction("call_centre", conversation, start.plusSeconds(300), "call",
                "Transferred from chat about the blender"));
        recordNew(customer.issueRaised("call_centre", conversation, start.plusSeconds(360), "defect-" + shortId(),
                "Blender motor overheats"));
        recordNew(customer.issueRaised("call_centre", conversation, start.plusSeconds(420), "billing-" + shortId(),
                "Charged twice for the blender"));

        JsonNode context = awaitContext(customerId, c -> c.path("issues").size() == 2);

        JsonNode told = context.at("/facts/order_number");
        assertThat(told.get("value").asText()).isEqualTo(orderNumber);
        assertThat(told.get("channel").asText()).isEqualTo("chat");
        assertThat(told.get("toldAt").asText()).isEqualTo(start.plusSeconds(40).toString());
        assertThat(told.get("timesTold").asInt()).isEqualTo(1);
        assertThat(context.at("/facts/problem_in_their_words/value").asText()).contains("lid does not lock");
        JsonNode theCase = context.at("/conversations/" + conversation);
        assertThat(strings(theCase.get("channels"))).containsExactly("chat", "call_centre");
        assertThat(theCase.get("issueIds")).hasSize(2);
        assertThat(theCase.at("/lastMessage/channel").asText()).isEqualTo("call_centre");
        assertThat(context.get("issues")).allSatisfy(issue -> {
            assertThat(issue.get("status").asText()).isEqualTo("open");
            assertThat(issue.get("conversationId").asText()).isEqualTo(conversation);
        });
    }

    @Test
    void beingAskedAgainIsVisibleAndTheLaterAnswerWins() {
        Scenario customer = new Scenario("phone", "+1 646 555 0" + (100 + (int) (Math.random() * 800)));
        String customerId = recordNew(customer.fact("web", null, start, "delivery_address", "12 Elm St"));
        recordNew(customer.fact("call_centre", null, start.plusSeconds(3600), "delivery_address", "14 Elm St"));
        // A late upload of an older statement does not overwrite the newer one.
        recordNew(customer.fact("store", null, start.minusSeconds(3600), "delivery_address", "10 Elm St"));

        JsonNode fact = awaitContext(customerId, c -> c.at("/facts/delivery_address/timesTold").asInt() == 3)
                .at("/facts/delivery_address");

        assertThat(fact.get("value").asText()).isEqualTo("14 Elm St");
        assertThat(fact.get("channel").asText()).isEqualTo("call_centre");
    }

    @Test
    void aReportedDefectStaysOpenUntilRecordedAsFixed() {
        Scenario customer = new Scenario("email", email());
        String defect = "bug-" + shortId();
        String customerId = recordNew(customer.issueRaised("app", null, start, defect, "Export button crashes the app"));
        recordNew(customer.interaction("app", null, start.plusSeconds(86_400), "message", "Still crashing in 5.3"));

        assertThat(awaitContext(customerId, c -> c.path("touchpointCount").asInt() == 2)
                .at("/issues/" + defect + "/status").asText()).isEqualTo("open");

        recordNew(customer.issueResolved("app", start.plusSeconds(2 * 86_400), defect, "5.4.0"));

        JsonNode issue = awaitContext(customerId, c -> c.at("/issues/" + defect + "/status").asText().equals("resolved"))
                .at("/issues/" + defect);
        assertThat(issue.get("release").asText()).isEqualTo("5.4.0");
    }

    @Test
    void contradictingTheHistoryIsRefusedAndStoresNothing() {
        Scenario customer = new Scenario("email", email());
        String issue = "iss-" + shortId();
        String customerId = recordNew(customer.issueRaised("chat", null, start, issue, "Late delivery"));
        recordNew(customer.issueResolved("chat", start.plusSeconds(60), issue, "n/a"));
        long events = count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?", customerId);

        HttpResult again = record(customer.issueResolved("chat", start.plusSeconds(120), issue, "n/a"));
        HttpResult unknownPromise = record(customer.promiseKept("web", start, "never-made"));
        ObjectNode closing = customer.interaction("web", "no-such-conversation", start, "message", "bye");
        closing.put("type", "conversation_closed");
        closing.putObject("data");
        HttpResult unknownConversation = record(closing);

        assertThat(List.of(again, unknownPromise, unknownConversation)).allSatisfy(refused -> {
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body().get("type").asText()).endsWith("touchpoint-refused");
        });
        assertThat(again.errorFields()).containsExactly("data.issueId");
        assertThat(unknownPromise.errorFields()).containsExactly("data.promiseId");
        assertThat(unknownConversation.errorFields()).containsExactly("conversationId");
        assertThat(count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?", customerId))
                .isEqualTo(events);
    }

    @Test
    void typedDataWithMissingOrWrongFieldsIsRefusedNamingThem() {
        ObjectNode interaction = new Scenario("email", email()).interaction("chat", "c-" + shortId(), start,
                "message", "hello");
        ((ObjectNode) interaction.get("data")).put("kind", "pigeon").put("sentiment", 2).remove("summary");

        HttpResult refused = record(interaction);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorFields()).containsExactlyInAnyOrder("data.kind", "data.sentiment", "data.summary");
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
