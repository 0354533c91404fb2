package org.journeyledger.journey.context;

import com.fasterxml.jackson.databind.JsonNode;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.email;

/**
 * The context projection keeps the documents it wrote in memory ({@link ContextCache}) and parses a stored document
 * again only when its version is not the one it wrote. Whatever it holds, the document must stay the fold of the
 * customer's events: a write by someone else (another node) must be seen, and a batch that failed must not leave its
 * half-folded copies behind for the retry.
 */
class CachedContextsTest extends LedgerIntegrationTest {

    private final Instant day = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    private final Scenario customer = new Scenario("email", email());

    /**
     * A customer whose context document the projection holds: its version is known to the projection from the
     * document's second write on.
     */
    private String customerWithAHeldDocument() {
        String customerId = recordNew(customer.fact("web", null, day, "size", "M"));
        awaitContext(customerId, c -> c.path("touchpointCount").asLong() == 1);
        record(customer.fact("web", null, day.plusSeconds(1), "colour", "blue"));
        awaitContext(customerId, c -> c.path("touchpointCount").asLong() == 2);
        return customerId;
    }

    @Test
    void aDocumentWrittenElsewhereIsReadAgainInsteadOfTheHeldCopy() {
        String customerId = customerWithAHeldDocument();

        // What another node that processed this customer's segment in the meantime would leave behind.
        jdbc.update("UPDATE customer_context SET document = jsonb_set(document, '{touchpointCount}', '40'),"
                + " version = version + 1 WHERE customer_id = ?", customerId);
        record(customer.fact("chat", null, day.plusSeconds(2), "shoe_size", "42"));

        JsonNode context = awaitContext(customerId, c -> c.has("facts") && c.path("facts").has("shoe_size"));
        assertThat(context.path("touchpointCount").asLong()).isEqualTo(41);
    }

    @Test
    void aBatchThatFailedIsFoldedAgainFromTheStoredDocument() {
        String customerId = customerWithAHeldDocument();

        // The database refuses the first write of this customer's next document (a sequence, unlike a table, is not
        // rolled back with the failing transaction, so it fails exactly once); the processor retries the batch.
        jdbc.execute("CREATE SEQUENCE context_write_refusals");
        jdbc.execute("""
                CREATE FUNCTION refuse_context_write_once() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.customer_id = '%s' AND nextval('context_write_refusals') = 1 THEN
                        RAISE EXCEPTION 'refused once by the test';
                    END IF;
                    RETURN NEW;
                END $$""".formatted(customerId));
        jdbc.execute("CREATE TRIGGER refuse_context_write_once BEFORE INSERT OR UPDATE ON customer_context"
                + " FOR EACH ROW EXECUTE FUNCTION refuse_context_write_once()");
        try {
            record(customer.fact("app", null, day.plusSeconds(2), "shoe_size", "42"));
            JsonNode context = awaitContext(customerId, c -> c.path("facts").has("shoe_size"));
            assertThat(count("SELECT last_value FROM context_write_refusals")).as("writes tried").isGreaterThan(1);
            assertThat(context.path("touchpointCount").asLong()).isEqualTo(3);
            assertThat(context.at("/facts/size/timesTold").asInt()).isEqualTo(1);
        } finally {
            jdbc.execute("DROP TRIGGER refuse_context_write_once ON customer_context");
            jdbc.execute("DROP FUNCTION refuse_context_write_once()");
            jdbc.execute("DROP SEQUENCE context_write_refusals");
        }
    }
}
