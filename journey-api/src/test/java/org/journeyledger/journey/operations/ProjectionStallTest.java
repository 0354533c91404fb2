package org.journeyledger.journey.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;
import static org.journeyledger.journey.support.Touchpoints.shortId;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * A projection whose batch keeps failing is released and retried by Axon, so that for most of the time no node holds
 * its segment: the health still turns DOWN, naming the segment, and the lag counts its events; it is UP again once
 * the batch goes through. Idle segments at the head are not stalls. The failure is a real PostgreSQL error, raised by
 * a trigger on this context's timeline for the touchpoints of one source.
 */
@TestPropertySource(properties = "journey.processors.stall-timeout=PT3S")
class ProjectionStallTest extends LedgerIntegrationTest {

    @AfterEach
    void removeTheTrigger() {
        jdbc.execute("DROP TRIGGER IF EXISTS fail_timeline ON timeline_entry");
    }

    @Test
    void aProjectionStuckOnOneEventTurnsTheHealthDownAndUpAgainWhenItMoves() {
        String settled = recordNew(with(touchpoint("web", "login", Instant.now()), "loyalty_card", loyaltyCard()));
        awaitTimeline(settled, 1);
        // Seen now and again after the stall timeout: a segment that had no event of its own is not stalled.
        processors();
        await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(30))
                .until(() -> "UP".equals(processors().path("status").asText()));
        await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5))
                .until(() -> "UP".equals(get("/actuator/health").body().path("status").asText()));

        String source = "stuck-" + shortId();
        jdbc.execute("CREATE OR REPLACE FUNCTION fail_timeline() RETURNS trigger AS $$ BEGIN IF NEW.source = '"
                + source + "' THEN RAISE EXCEPTION 'timeline poisoned by the test'; END IF; RETURN NEW; END $$ "
                + "LANGUAGE plpgsql");
        jdbc.execute("CREATE TRIGGER fail_timeline BEFORE INSERT ON timeline_entry FOR EACH ROW "
                + "EXECUTE FUNCTION fail_timeline()");
        ObjectNode stuck = with(touchpoint("chat", "contact", Instant.now()), "loyalty_card", loyaltyCard());
        stuck.put("source", source);
        String customerId = recordNew(stuck);

        await().atMost(Duration.ofSeconds(60)).until(() -> "DOWN".equals(processors().path("status").asText()));
        JsonNode context = processors().at("/details/customer-context");
        assertThat(context.path("stalledSegments")).isNotEmpty();
        assertThat(context.path("lag").asLong()).isPositive();
        assertThat(get("/actuator/health").body().path("status").asText()).isEqualTo("DOWN");

        removeTheTrigger();

        awaitTimeline(customerId, 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> "UP".equals(processors().path("status").asText()));
    }

    private JsonNode processors() {
        return get("/actuator/health").body().at("/components/processors");
    }
}
