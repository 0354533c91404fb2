package org.journeyledger.journey.touchpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

class BadInputTest extends LedgerIntegrationTest {

    static Stream<Arguments> brokenTouchpoints() {
        return Stream.of(
                bad("missing source", "source", t -> t.remove("source")),
                bad("blank sourceEventId", "sourceEventId", t -> t.put("sourceEventId", "  ")),
                bad("unknown channel", "channel", t -> t.put("channel", "carrier_pigeon")),
                bad("type not snake case", "type", t -> t.put("type", "Purchase Made")),
                bad("unparsable instant", "occurredAt", t -> t.put("occurredAt", "yesterday at noon")),
                bad("instant without offset", "occurredAt", t -> t.put("occurredAt", "2026-03-14T10:15:30")),
                bad("instant years ahead", "occurredAt",
                        t -> t.put("occurredAt", Instant.now().plus(900, ChronoUnit.DAYS).toString())),
                bad("empty identifiers", "identifiers", t -> t.putArray("identifiers")),
                bad("identifiers not a list", "identifiers", t -> t.put("identifiers", "email:x@example.org")),
                bad("unknown identifier type", "identifiers[0].type",
                        t -> t.putArray("identifiers").addObject().put("type", "passport").put("value", "X1")),
                bad("malformed email", "identifiers[0].value",
                        t -> t.putArray("identifiers").addObject().put("type", "email").put("value", "ana at home")),
                bad("identifier without value", "identifiers[0].value",
                        t -> t.putArray("identifiers").addObject().put("type", "phone")),
                bad("data not an object", "data", t -> t.put("data", "paid in cash")),
                bad("misspelt field", "occuredAt", t -> t.put("occuredAt", Instant.now().toString())),
                bad("control characters", "actor", t -> t.put("actor", "agent\u0000007")),
                bad("source too long", "source", t -> t.put("source", "s".repeat(500))));
    }

    private static Arguments bad(String name, String field, Consumer<ObjectNode> breakIt) {
        return Arguments.of(name, field, breakIt);
    }

    @ParameterizedTest(name = "{0} is refused naming {1}")
    @MethodSource("brokenTouchpoints")
    void aBrokenTouchpointIsRefusedNamingTheFieldAndStoresNothing(String name, String field,
                                                                  Consumer<ObjectNode> breakIt) {
        String email = email();
        ObjectNode touchpoint = with(touchpoint("web", "login", Instant.now()), "email", email);
        breakIt.accept(touchpoint);
        long events = count("SELECT count(*) FROM domain_event_entry");

        HttpResult refused = record(touchpoint);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().get("title").asText()).isEqualTo("Invalid request");
        assertThat(refused.errorFields()).contains(field);
        assertThat(refused.body().get("detail").asText()).contains(field);
        assertThat(count("SELECT count(*) FROM domain_event_entry")).isEqualTo(events);
        assertThat(resolve("email", email).status()).isEqualTo(404);
    }

    @Test
    void malformedJsonIsRefusedWithWhereItBroke() {
        HttpResult refused = post("/api/touchpoints", "{\"source\": \"pos-1\", \"channel\": ");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().get("detail").asText()).contains("malformed JSON", "line 1");
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        HttpResult refused = post("/api/touchpoints", "[1, 2, 3]");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorFields()).containsExactly("");
    }

    @Test
    void aBodyOverTheSizeLimitIsRefusedBeforeItIsRead() {
        ObjectNode huge = with(touchpoint("web", "form", Instant.now()), "email", email());
        huge.putObject("data").put("text", "x".repeat(2 * 1024 * 1024));
        long events = count("SELECT count(*) FROM domain_event_entry");

        HttpResult refused = record(huge);

        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().get("type").asText()).endsWith("payload-too-large");
        assertThat(count("SELECT count(*) FROM domain_event_entry")).isEqualTo(events);
    }

    @Test
    void everyBrokenFieldIsNamedAtOnce() {
        ObjectNode touchpoint = touchpoint("nowhere", "login", Instant.now());
        touchpoint.remove("source");

        HttpResult refused = record(touchpoint);

        assertThat(refused.errorFields()).containsExactlyInAnyOrder("source", "channel", "identifiers");
    }
}
