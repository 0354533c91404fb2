package org.journeyledger.journey.touchpoint;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.journeyledger.journey.conversation.InteractionDetails;
import org.journeyledger.journey.promise.PromiseDetails;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TouchpointTypesTest {

    private static final Instant NOW = Instant.parse("2026-07-01T12:00:00Z");

    @Test
    void anInteractionIsReadWithItsScores() {
        ObjectNode data = data().put("kind", "call").put("direction", "inbound").put("summary", "Billing question")
                .put("sentiment", -0.6).put("csat", 2);

        InteractionDetails details = (InteractionDetails) TouchpointTypes.read("interaction", data, "c1", NOW);

        assertThat(details.sentiment()).isEqualByComparingTo(new BigDecimal("-0.6"));
        assertThat(details.csat()).isEqualTo(2);
    }

    @Test
    void everyWrongFieldOfAnInteractionIsNamed() {
        ObjectNode data = data().put("kind", "telepathy").put("sentiment", 3).put("csat", 4.5);

        assertThatThrownBy(() -> TouchpointTypes.read("interaction", data, null, NOW))
                .isInstanceOfSatisfying(InvalidTouchpointDataException.class, e -> assertThat(e.problems())
                        .extracting(DataProblem::field)
                        .containsExactlyInAnyOrder("data.kind", "data.direction", "data.summary", "data.sentiment",
                                "data.csat"));
    }

    @Test
    void aPromiseMustFallDueAfterItWasMade() {
        ObjectNode data = data().put("promiseId", "p1").put("description", "Call back")
                .put("dueAt", NOW.minusSeconds(60).toString());

        assertThatThrownBy(() -> TouchpointTypes.read("promise", data, null, NOW))
                .isInstanceOfSatisfying(InvalidTouchpointDataException.class,
                        e -> assertThat(e.problems()).extracting(DataProblem::field).containsExactly("data.dueAt"));
        assertThat(TouchpointTypes.read("promise", data.put("dueAt", "2026-07-03T17:00:00+02:00"), null, NOW))
                .isEqualTo(new PromiseDetails("p1", "Call back", Instant.parse("2026-07-03T15:00:00Z")));
    }

    @Test
    void closingAConversationNeedsTheConversationId() {
        assertThatThrownBy(() -> TouchpointTypes.read("conversation_closed", data(), null, NOW))
                .isInstanceOfSatisfying(InvalidTouchpointDataException.class,
                        e -> assertThat(e.problems()).extracting(DataProblem::field).containsExactly("conversationId"));
    }

    @Test
    void aFactKeyIsSnakeCaseAndItsValueRequired() {
        assertThatThrownBy(() -> TouchpointTypes.read("fact", data().put("key", "Order Number"), null, NOW))
                .isInstanceOfSatisfying(InvalidTouchpointDataException.class, e -> assertThat(e.problems())
                        .extracting(DataProblem::field).containsExactlyInAnyOrder("data.key", "data.value"));
    }

    @Test
    void noTypeMeansNoDetails() {
        assertThat(TouchpointTypes.read(null, data().put("orderId", "o1"), null, NOW)).isNull();
    }

    @Test
    void numbersOfEveryJsonShapeAreReadOrRefusedNamingTheField() {
        ObjectNode data = data().put("kind", "call").put("direction", "inbound").put("summary", "s")
                .put("sentiment", Double.POSITIVE_INFINITY).put("csat", new java.math.BigInteger("1" + "0".repeat(40)));
        data.putObject("text");

        assertThatThrownBy(() -> TouchpointTypes.read("interaction", data, null, NOW))
                .isInstanceOfSatisfying(InvalidTouchpointDataException.class, e -> assertThat(e.problems())
                        .extracting(DataProblem::field)
                        .containsExactlyInAnyOrder("data.sentiment", "data.csat", "data.text"));
    }

    @Test
    void aDecimalIsRefusedWhenItsTextIsLongOrItsExponentHuge() {
        for (String sentiment : new String[]{"0." + "1".repeat(100), "1e-999999999", "0E-999999999", "0E+999"}) {
            ObjectNode data = data().put("kind", "call").put("direction", "inbound").put("summary", "s")
                    .put("sentiment", sentiment);

            assertThatThrownBy(() -> TouchpointTypes.read("interaction", data, null, NOW)).as(sentiment)
                    .isInstanceOfSatisfying(InvalidTouchpointDataException.class, e -> assertThat(e.problems())
                            .extracting(DataProblem::field).containsExactly("data.sentiment"));
        }
    }

    @Test
    void anInstantInDataIsRefusedBeyondYear9999() {
        ObjectNode data = data().put("dealId", "d1").put("terms", "t").put("agreedBy", "rep")
                .put("validFrom", "2026-07-01T00:00:00Z").put("validUntil", "+10000-01-01T00:00:00Z");

        assertThatThrownBy(() -> TouchpointTypes.read("deal", data, null, NOW))
                .isInstanceOfSatisfying(InvalidTouchpointDataException.class, e -> assertThat(e.problems())
                        .extracting(DataProblem::field).containsExactly("data.validUntil"));
    }

    @Test
    void itemsAsAnObjectOrWithNullsAreRefusedNamingThem() {
        ObjectNode asObject = data().put("orderId", "o1").put("currency", "EUR").put("total", "1.00");
        asObject.putObject("items").put("sku", "s");
        ObjectNode withNull = asObject.deepCopy();
        withNull.putArray("items").addNull().addObject().put("sku", "s").put("name", "n").put("quantity", "2")
                .put("unitPrice", "1.00");

        assertThatThrownBy(() -> TouchpointTypes.read("purchase", asObject, null, NOW))
                .isInstanceOfSatisfying(InvalidTouchpointDataException.class, e -> assertThat(e.problems())
                        .extracting(DataProblem::field).containsExactly("data.items"));
        assertThatThrownBy(() -> TouchpointTypes.read("purchase", withNull, null, NOW))
                .isInstanceOfSatisfying(InvalidTouchpointDataException.class, e -> assertThat(e.problems())
                        .extracting(DataProblem::field).containsExactly("data.items[0]", "data.items[1].quantity"));
    }

    @Test
    void untypedTouchpointsKeepFreeFormData() {
        assertThat(TouchpointTypes.read("page_view", data().put("anything", 1), null, NOW)).isNull();
    }

    private static ObjectNode data() {
        return JsonNodeFactory.instance.objectNode();
    }
}
