package org.journeyledger.journey.touchpoint;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.journeyledger.journey.problem.FieldProblem;
import org.journeyledger.journey.problem.InvalidFieldsException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The inputs that once made the parser throw something else than a refusal, or accept what the ledger then could not
 * store, each refused naming its field.
 */
class TouchpointParserTest {

    private static final Instant NOW = Instant.parse("2026-07-01T12:00:00Z");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final TouchpointParser parser = Parsers.withDefaults(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void anEmptyObjectIsRefusedNamingEveryRequiredField() {
        assertThat(refusedFields(JSON.objectNode())).containsExactlyInAnyOrder("source", "sourceEventId", "channel",
                "type", "occurredAt", "identifiers");
    }

    @Test
    void aNullTypeIsRefusedNamingTheField() {
        assertThat(refusedFields(valid(t -> t.putNull("type")))).containsExactly("type");
    }

    @Test
    void aNullTypeWithTypedLookingDataIsRefusedNamingOnlyTheType() {
        assertThat(refusedFields(valid(t -> t.putNull("type").putObject("data").put("orderId", 7))))
                .containsExactly("type");
    }

    @Test
    void numbersBooleansAndObjectsWhereTextBelongsAreRefusedNotCoerced() {
        ObjectNode touchpoint = valid(t -> {
            t.put("occurredAt", 1_700_000_000).put("sourceEventId", 42).put("type", true);
            t.putObject("channel").put("name", "web");
            t.withArray("identifiers").addObject().put("type", "loyalty_card").put("value", 4410229100L);
        });

        assertThat(refused(touchpoint)).contains(new FieldProblem("occurredAt", "must be a string"),
                new FieldProblem("sourceEventId", "must be a string"), new FieldProblem("type", "must be a string"),
                new FieldProblem("channel", "must be a string"),
                new FieldProblem("identifiers[1].value", "must be a string"));
    }

    @Test
    void identifiersAsAnObjectOrWithANullEntryAreRefusedNamingThem() {
        assertThat(refusedFields(valid(t -> t.putObject("identifiers").put("type", "email"))))
                .containsExactly("identifiers");
        assertThat(refusedFields(valid(t -> t.withArray("identifiers").addNull()))).containsExactly("identifiers[1]");
    }

    @Test
    void dataAsAnArrayIsRefusedWithoutReadingTypedFieldsFromIt() {
        assertThat(refusedFields(valid(t -> t.put("type", "purchase").putArray("data").add(1))))
                .containsExactly("data");
    }

    @Test
    void anOverlongOccurredAtOrIdentifierTypeIsRefusedWithoutBeingRepeated() {
        String huge = "9".repeat(500_000);

        List<FieldProblem> problems = refused(valid(t -> {
            t.put("occurredAt", huge);
            t.withArray("identifiers").addObject().put("type", huge).put("value", "x");
        }));

        assertThat(problems).extracting(FieldProblem::field).containsExactly("occurredAt", "identifiers[1].type");
        assertThat(problems).allSatisfy(p -> assertThat(p.message()).hasSizeLessThan(200));
    }

    @Test
    void aNulCharacterAnywhereInDataIsRefusedNamingWhereItIs() {
        ObjectNode touchpoint = valid(t -> t.putObject("data").putArray("notes").add("fine").addObject()
                .put("text", "a\u0000b"));

        assertThat(refusedFields(touchpoint)).containsExactly("data.notes[1].text");
    }

    @Test
    void aNumberInFreeFormDataThatTheDatabaseCannotHoldIsRefused() {
        ObjectNode touchpoint = valid(t -> t.putObject("data").put("small", new BigDecimal("1e-999999999"))
                .put("fine", new BigDecimal("1e400")));

        assertThat(refusedFields(touchpoint)).containsExactly("data.small");
    }

    @Test
    void anUnpairedSurrogateInAFieldNameOfDataIsRefusedNamingItsObject() {
        assertThat(refusedFields(valid(t -> t.putObject("data").putObject("outer").put("bad\ud800", 1))))
                .containsExactly("data.outer");
    }

    @Test
    void dataNestedDeeperThanTheLimitIsRefusedWhereItGoesTooDeep() {
        ObjectNode touchpoint = valid(t -> {
            ObjectNode level = t.putObject("data");
            for (int i = 0; i < 40; i++) {
                level = level.putObject("n");
            }
        });

        assertThat(refusedFields(touchpoint)).containsExactly("data" + ".n".repeat(TouchpointParser.MAX_DATA_DEPTH));
    }

    @Test
    void aDecimalWithABillionDecimalsIsRefusedEvenWithinItsRange() {
        ObjectNode touchpoint = valid(t -> t.put("type", "interaction").putObject("data").put("kind", "call")
                .put("direction", "inbound").put("summary", "s").put("sentiment", "1e-999999999"));

        assertThat(refusedFields(touchpoint)).containsExactly("data.sentiment");
    }

    @Test
    void aPromiseDueAfterYear9999IsRefused() {
        ObjectNode touchpoint = valid(t -> t.put("type", "promise").putObject("data").put("promiseId", "p1")
                .put("description", "Call back").put("dueAt", "+999999999-12-31T23:59:59Z"));

        assertThat(refusedFields(touchpoint)).containsExactly("data.dueAt");
    }

    @Test
    void thousandsOfUnknownFieldsAreListedAtMostAHundredAtATime() {
        ObjectNode touchpoint = valid(t -> {
            for (int i = 0; i < 5000; i++) {
                t.put("extra" + i, i);
            }
        });

        List<FieldProblem> problems = refused(touchpoint);

        assertThat(problems).hasSize(TouchpointParser.MAX_PROBLEMS + 1);
        assertThat(problems.get(TouchpointParser.MAX_PROBLEMS)).isEqualTo(new FieldProblem("",
                "4900 more problems are not listed; fix these first"));
    }

    @Test
    void aRecordOverTheBodyLimitIsRefusedNamingTheBody() {
        byte[] huge = valid(t -> t.putObject("data").put("text", "x".repeat(1_100_000))).toString()
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> parser.parse(huge)).isInstanceOfSatisfying(InvalidFieldsException.class,
                e -> assertThat(e.problems()).extracting(FieldProblem::field).containsExactly(""));
    }

    @Test
    void theEnvelopeDocumentsExactlyTheFieldsTheParserReads() {
        assertThat(List.of(TouchpointEnvelope.class.getFields())).extracting(java.lang.reflect.Field::getName)
                .containsExactlyInAnyOrderElementsOf(TouchpointParser.FIELDS);
        assertThat(List.of(TouchpointEnvelope.IdentifierInput.class.getFields()))
                .extracting(java.lang.reflect.Field::getName)
                .containsExactlyInAnyOrderElementsOf(TouchpointParser.IDENTIFIER_FIELDS);
    }

    private static ObjectNode valid(Consumer<ObjectNode> change) {
        ObjectNode touchpoint = JSON.objectNode().put("source", "pos-1").put("sourceEventId", "r-1")
                .put("channel", "store").put("type", "visit").put("occurredAt", NOW.toString());
        touchpoint.putArray("identifiers").addObject().put("type", "loyalty_card").put("value", "LC 4410-2291");
        change.accept(touchpoint);
        return touchpoint;
    }

    private List<String> refusedFields(ObjectNode touchpoint) {
        return refused(touchpoint).stream().map(FieldProblem::field).toList();
    }

    private List<FieldProblem> refused(ObjectNode touchpoint) {
        try {
            parser.parse(touchpoint);
        } catch (InvalidFieldsException e) {
            return e.problems();
        }
        throw new AssertionError("Parsed, not refused: " + touchpoint);
    }
}
