package org.journeyledger.journey.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.journeyledger.journey.ledger.HashChain;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.KafkaTopics;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.shortId;

/**
 * Tampering with the stored events through raw SQL — as anyone with database access could — is detected and
 * pinpointed; an untouched history verifies clean, and an export can be verified without the ledger's code. It
 * tampers with the ledger, so it gets a database of its own (a distinct test context).
 */
@TestPropertySource(properties = "journey.test.context=tamper-evidence")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TamperEvidenceTest extends LedgerIntegrationTest {

    @Autowired
    private TransactionTemplate transaction;

    @Test
    @Order(1)
    void anUntouchedLedgerVerifiesCleanAndItsCheckpointHoldsWhileNewEventsArrive() {
        customerWithHistory();
        JsonNode clean = awaitVerification(post("/api/audit/verifications", "{}"));
        JsonNode checkpoint = clean.get("checkpoint");
        customerWithHistory();

        JsonNode later = awaitVerification(post("/api/audit/verifications", Map.of("checkpoint", checkpoint)));
        JsonNode forged = awaitVerification(post("/api/audit/verifications", Map.of("checkpoint",
                Map.of("globalIndex", checkpoint.get("globalIndex").asLong(), "digest", "0".repeat(64)))));

        assertThat(clean.get("intact").asBoolean()).isTrue();
        assertThat(clean.get("failures")).isEmpty();
        assertThat(clean.get("streamsVerified").asLong()).isEqualTo(clean.get("streamsTotal").asLong()).isPositive();
        assertThat(checkpoint.get("digest").asText()).hasSize(64);
        assertThat(later.get("checkpointMatches").asBoolean()).isTrue();
        assertThat(later.get("intact").asBoolean()).isTrue();
        assertThat(forged.get("checkpointMatches").asBoolean()).isFalse();
        assertThat(forged.get("intact").asBoolean()).isFalse();
    }

    @Test
    @Order(2)
    void aWholesaleRewriteOfAChainVerifiesOnItsOwnButNotAgainstTheCheckpoint() {
        String customerId = customerWithHistory();
        JsonNode checkpoint = post("/api/audit/checkpoints", "{}").body();
        assertThat(checkpoint.get("streams").asLong()).isPositive();

        // An insider alters an old payload and recomputes every hash of the stream after it.
        tamper("UPDATE domain_event_entry SET payload = set_byte(payload, 5, get_byte(payload, 5) # 1)"
                + " WHERE aggregate_identifier = ? AND sequence_number = 1", customerId);
        rechain(customerId);

        assertThat(get("/api/audit/customers/" + customerId + "/verify").body().get("intact").asBoolean()).isTrue();
        JsonNode run = awaitVerification(post("/api/audit/verifications", Map.of("checkpoint", checkpoint)));
        assertThat(run.get("checkpointMatches").asBoolean()).isFalse();
        assertThat(get("/api/audit/checkpoints").body()).anySatisfy(recorded ->
                assertThat(recorded.get("digest").asText()).isEqualTo(checkpoint.get("digest").asText()));
        assertThat(KafkaTopics.readUntil("journey.checkpoints", records -> records.stream().anyMatch(r ->
                KafkaTopics.text(r.value()).contains(checkpoint.get("digest").asText()))))
                .anySatisfy(r -> assertThat(KafkaTopics.text(r.value())).contains("journey.checkpoint/v1"));
    }

    @Test
    @Order(3)
    void aChangedPayloadByteIsPinpointed() {
        String customerId = customerWithHistory();
        Event target = event(customerId, 2);

        tamper("UPDATE domain_event_entry SET payload = set_byte(payload, 5, get_byte(payload, 5) # 1)"
                + " WHERE event_identifier = ?", target.id());

        JsonNode verdict = get("/api/audit/customers/" + customerId + "/verify").body();
        assertThat(verdict.get("intact").asBoolean()).isFalse();
        assertThat(verdict.at("/failure/sequence").asLong()).isEqualTo(2);
        assertThat(verdict.at("/failure/eventId").asText()).isEqualTo(target.id());
        assertThat(verdict.at("/failure/expectedHash").asText()).isNotEqualTo(verdict.at("/failure/foundHash").asText());
    }

    @Test
    @Order(4)
    void aChangedTimestampIsPinpointed() {
        String customerId = customerWithHistory();
        Event target = event(customerId, 3);

        tamper("UPDATE domain_event_entry SET time_stamp = '2020-01-01T00:00:00.000Z' WHERE event_identifier = ?",
                target.id());

        assertThat(get("/api/audit/customers/" + customerId + "/verify").body().at("/failure/eventId").asText())
                .isEqualTo(target.id());
    }

    @Test
    @Order(5)
    void aDeletedEventIsReportedMissing() {
        String customerId = customerWithHistory();

        tamper("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 2", customerId);

        JsonNode failure = get("/api/audit/customers/" + customerId + "/verify").body().get("failure");
        assertThat(failure.get("sequence").asLong()).isEqualTo(3);
        assertThat(failure.get("problem").asText()).contains("event 2 is missing");
    }

    @Test
    @Order(6)
    void swappedSequenceNumbersArePinpointed() {
        String customerId = customerWithHistory();
        Event second = event(customerId, 1);

        tamper("UPDATE domain_event_entry SET sequence_number = -1 WHERE aggregate_identifier = ? AND sequence_number = 1",
                customerId);
        tamper("UPDATE domain_event_entry SET sequence_number = 1 WHERE aggregate_identifier = ? AND sequence_number = 2",
                customerId);
        tamper("UPDATE domain_event_entry SET sequence_number = 2 WHERE aggregate_identifier = ? AND sequence_number = -1",
                customerId);

        JsonNode failure = get("/api/audit/customers/" + customerId + "/verify").body().get("failure");
        assertThat(failure.get("sequence").asLong()).isEqualTo(1);
        assertThat(failure.get("eventId").asText()).isNotEqualTo(second.id());
    }

    @Test
    @Order(7)
    void theWholeLedgerVerificationNamesTamperedStreams() {
        String customerId = customerWithHistory();
        tamper("UPDATE domain_event_entry SET hash = repeat('a', 64) WHERE aggregate_identifier = ? AND sequence_number = 0",
                customerId);

        JsonNode run = awaitVerification(post("/api/audit/verifications", "{}"));

        assertThat(run.get("intact").asBoolean()).isFalse();
        assertThat(run.get("failures")).anySatisfy(f -> {
            assertThat(f.get("customerId").asText()).isEqualTo(customerId);
            assertThat(f.get("sequence").asLong()).isZero();
        });
    }

    @Test
    @Order(8)
    void theDatabaseItselfRefusesToRewriteHistory() {
        String customerId = customerWithHistory();

        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> jdbc.update(
                "DELETE FROM domain_event_entry WHERE aggregate_identifier = ?", customerId)))
                .hasMessageContaining("append-only");
    }

    @Test
    @Order(9)
    void anExportVerifiesWithAnIndependentImplementationOfTheDocumentedAlgorithm() throws Exception {
        String customerId = customerWithHistory();

        HttpResponse<String> export = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/audit/customers/" + customerId + "/export"))
                        .header("X-API-Key", ALL_ROLES_KEY).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(export.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        List<String> lines = export.body().lines().toList();
        assertThat(lines).hasSize((int) count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                customerId));
        // docs/audit.md: hash = sha256_hex(previous + "\n" + canonical), canonical = the fields joined by "\n",
        // payload and metaData by the hex SHA-256 of their decoded bytes; the first previous is 64 zeros.
        String previous = "0".repeat(64);
        for (String line : lines) {
            JsonNode event = JSON.readTree(line);
            String canonical = String.join("\n", event.get("eventId").asText(), event.get("customerId").asText(),
                    event.get("sequence").asText(), event.get("type").asText(), event.get("payloadType").asText(),
                    event.path("payloadRevision").asText(""), event.get("timestamp").asText(),
                    sha256(Base64.getDecoder().decode(event.get("payload").asText())),
                    sha256(event.hasNonNull("metaData") ? Base64.getDecoder().decode(event.get("metaData").asText())
                            : new byte[0]));
            String expected = sha256((previous + "\n" + canonical).getBytes(StandardCharsets.UTF_8));
            assertThat(event.get("hash").asText()).as("event %s", event.get("sequence")).isEqualTo(expected);
            previous = expected;
        }
    }

    private String customerWithHistory() {
        Scenario customer = new Scenario("email", email());
        Instant at = Instant.now().minusSeconds(600);
        String customerId = recordNew(customer.fact("web", null, at, "order_number", "SO-" + shortId()));
        recordNew(customer.interaction("chat", null, at.plusSeconds(10), "message", "Where is it?"));
        recordNew(customer.fact("chat", null, at.plusSeconds(20), "delivery_address", "1 Main St"));
        return customerId;
    }

    /** Recomputes a stream's hashes from its (altered) bytes, as someone covering their tracks would. */
    private void rechain(String customerId) {
        String previous = HashChain.GENESIS;
        for (Map<String, Object> row : jdbc.queryForList("""
                SELECT event_identifier, aggregate_identifier, sequence_number, type, payload_type, payload_revision,
                       time_stamp, payload, meta_data FROM domain_event_entry WHERE aggregate_identifier = ?
                ORDER BY sequence_number""", customerId)) {
            previous = HashChain.link(previous, HashChain.canonical((String) row.get("event_identifier"),
                    (String) row.get("aggregate_identifier"), (Long) row.get("sequence_number"), (String) row.get("type"),
                    (String) row.get("payload_type"), (String) row.get("payload_revision"),
                    (String) row.get("time_stamp"), (byte[]) row.get("payload"), (byte[]) row.get("meta_data")));
            tamper("UPDATE domain_event_entry SET hash = ? WHERE event_identifier = ?", previous,
                    row.get("event_identifier"));
        }
    }

    private record Event(String id) {
    }

    private Event event(String customerId, long sequence) {
        return new Event(jdbc.queryForObject("SELECT event_identifier FROM domain_event_entry"
                + " WHERE aggregate_identifier = ? AND sequence_number = ?", String.class, customerId, sequence));
    }

    /** Rewrites stored events as a database superuser could, bypassing the append-only trigger. */
    private void tamper(String sql, Object... args) {
        transaction.executeWithoutResult(status -> {
            jdbc.execute("SET LOCAL session_replication_role = replica");
            jdbc.update(sql, args);
        });
    }

    private JsonNode awaitVerification(HttpResult started) {
        assertThat(started.status()).isEqualTo(202);
        String id = started.body().get("id").asText();
        return await().atMost(Duration.ofSeconds(60)).until(() -> get("/api/audit/verifications/" + id).body(),
                run -> !run.get("state").asText().equals("running"));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
