package org.journeyledger.journey.touchpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.journeyledger.journey.problem.FieldProblem;
import org.journeyledger.journey.problem.InvalidFieldsException;

import java.time.Clock;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parsing is total: whatever a channel sends becomes a touchpoint or a refusal naming fields of what it sent, never
 * another exception (which HTTP would answer with 500 and Kafka would retry for ever).
 */
class TouchpointParserProperties {

    private final TouchpointParser parser = Parsers.withDefaults(
            Clock.fixed(TouchpointArbitraries.LATEST.plusSeconds(3600), ZoneOffset.UTC));

    @Property(tries = 1000)
    void aValidEnvelopeOfAnyTypeParses(@ForAll("validEnvelopes") ObjectNode envelope) {
        Touchpoint touchpoint = parser.parse(envelope);

        assertThat(touchpoint.identifiers()).isNotEmpty();
        assertThat(touchpoint.details() != null).isEqualTo(TouchpointTypes.typed().contains(touchpoint.type()));
        // Through bytes too; data compares unequal once read back (a long node becomes an int node), its meaning not.
        Touchpoint read = parser.parse(TouchpointArbitraries.utf8(envelope));
        assertThat(read.details()).isEqualTo(touchpoint.details());
        assertThat(read.identifiers()).isEqualTo(touchpoint.identifiers());
    }

    @Property(tries = 1000)
    void aSpoiltEnvelopeIsParsedOrRefusedNamingFieldsThatWereSent(@ForAll("mutatedEnvelopes") JsonNode sent) {
        parsedOrRefusedNamingFieldsOf(sent, () -> parser.parse(sent));
        // The same through bytes: Jackson's reader refuses what is nested deeper than 1000 (naming the body).
        parsedOrRefusedNamingFieldsOf(sent, () -> parser.parse(TouchpointArbitraries.utf8(sent)));
    }

    @Property(tries = 1000)
    void anyJsonValueAsTheBodyIsParsedOrRefusedNamingFieldsThatWereSent(@ForAll("jsonValues") JsonNode sent) {
        parsedOrRefusedNamingFieldsOf(sent, () -> parser.parse(sent));
        parsedOrRefusedNamingFieldsOf(sent, () -> parser.parse(TouchpointArbitraries.utf8(sent)));
    }

    @Property(tries = 1000)
    void anyBytesAreRefusedNamingTheBodyUnlessTheyAreATouchpoint(@ForAll("rawBytes") byte[] sent) {
        try {
            parser.parse(sent);
        } catch (InvalidFieldsException refused) {
            assertThat(refused.problems()).isNotEmpty();
        }
    }

    private static void parsedOrRefusedNamingFieldsOf(JsonNode sent, Runnable parse) {
        try {
            parse.run();
        } catch (InvalidFieldsException refused) {
            assertThat(refused.problems()).isNotEmpty().hasSizeLessThanOrEqualTo(TouchpointParser.MAX_PROBLEMS + 1);
            assertThat(refused.problems()).extracting(FieldProblem::field)
                    .allSatisfy(field -> assertThat(SentFields.names(sent, field)).as(field).isTrue());
            assertThat(refused.problems()).extracting(FieldProblem::message).allSatisfy(m -> assertThat(m).isNotBlank());
        }
    }

    // The combinations of the parts' edge cases outnumber the tries; the parts still mix theirs into random samples.
    @Provide
    Arbitrary<ObjectNode> validEnvelopes() {
        return TouchpointArbitraries.validEnvelopes().withoutEdgeCases();
    }

    @Provide
    Arbitrary<JsonNode> mutatedEnvelopes() {
        return TouchpointArbitraries.mutatedEnvelopes().withoutEdgeCases();
    }

    @Provide
    Arbitrary<JsonNode> jsonValues() {
        return TouchpointArbitraries.jsonValues(4).withoutEdgeCases();
    }

    @Provide
    Arbitrary<byte[]> rawBytes() {
        return TouchpointArbitraries.rawBytes().withoutEdgeCases();
    }
}
