package org.journeyledger.journey.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import com.zaxxer.hikari.HikariDataSource;
import org.journeyledger.journey.audit.VerifyCommand;
import org.journeyledger.journey.readmodel.Processors;
import org.journeyledger.journey.support.HttpResult;
import org.journeyledger.journey.support.KafkaTopics;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;
import static org.journeyledger.journey.support.Touchpoints.shortId;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * The right to be forgotten on an append-only ledger: after an erasure the customer's personal data is nowhere in the
 * database — not in the event store's bytes, not in any read model — while the history's shape and its proof remain,
 * and a replay cannot bring the data back.
 */
class ErasureTest extends LedgerIntegrationTest {

    @Autowired
    private EventProcessingConfiguration processing;
    @Autowired
    private DataSource dataSource;

    @Test
    void anErasedCustomerLeavesNoPersonalDataAnywhereWhileTheChainStillVerifies() {
        String email = email();
        String phone = "+34 6" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        String complaint = "Blender smokes at the Calle Mayor flat " + shortId();
        String fact = "Allergic to pollen " + shortId();
        String issue = "Motor overheats near the cot " + shortId();
        Scenario customer = new Scenario("email", email);
        Instant at = Instant.now().minusSeconds(3600);
        String customerId = recordNew(with(customer.interaction("chat", "case-" + shortId(), at, "message", complaint),
                "phone", phone));
        recordNew(customer.fact("web", null, at.plusSeconds(60), "health_note", fact));
        recordNew(customer.issueRaised("call_centre", null, at.plusSeconds(120), "INC-" + shortId(), issue));
        recordNew(customer.purchase("store", at.plusSeconds(180), "ORD-" + shortId(), "store-12", "SHOE-RUN-42",
                "shoes", 1, new java.math.BigDecimal("119.90"), 20, "EUR"));
        awaitContext(customerId, c -> c.path("touchpointCount").asInt() == 4 && c.path("issues").size() == 1);
        List<String> secrets = List.of(email.toLowerCase(Locale.ROOT), phone.replace(" ", "").substring(3), complaint,
                fact, issue);
        // Personal data is ciphertext at rest from the start; the context reads it decrypted.
        assertThat(plaintextIn("domain_event_entry", secrets)).isEmpty();
        assertThat(get("/api/customers/" + customerId + "/context").body().toString()).contains(fact);
        // An as-of read saves snapshots of the context it folds (every few events in tests), decrypted.
        assertThat(get("/api/customers/" + customerId + "/context?asOf=" + Instant.now()).body().toString())
                .contains(fact);
        assertThat(count("SELECT count(*) FROM context_snapshot WHERE customer_id = ?", customerId)).isPositive();
        // The search below does find personal data where it is (read models, the identity index, as-of snapshots)
        // before erasure.
        assertThat(plaintextInEveryTable(secrets)).anyMatch(place -> place.startsWith("customer_context."))
                .anyMatch(place -> place.startsWith("identifier_owner."))
                .anyMatch(place -> place.startsWith("context_snapshot."));
        assertThat(count("SELECT count(*) FROM customer_purchase WHERE customer_id = ?", customerId)).isEqualTo(1);

        HttpResult erased = post("/api/customers/" + customerId + "/erasure",
                Map.of("reason", "GDPR art. 17 request, ticket PRIV-1042"));

        assertThat(erased.status()).as(erased.body().toString()).isEqualTo(202);
        String erasureEventId = erased.body().get("erasureEventId").asText();
        HttpResult again = post("/api/customers/" + customerId + "/erasure", Map.of("reason", "again"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("erasureEventId").asText()).isEqualTo(erasureEventId);
        assertThat(resolve("email", email).status()).isEqualTo(404);
        assertThat(resolve("phone", phone).status()).isEqualTo(404);
        assertThat(post("/api/customers/" + customerId + "/offer-checks", Map.of("skus", List.of("SHOE-RUN-42"),
                "channel", "email", "purpose", "marketing_email")).status()).isEqualTo(409);

        JsonNode context = awaitContext(customerId, c -> c.has("erased"));
        assertThat(context.at("/erased/eventId").asText()).isEqualTo(erasureEventId);
        assertThat(context.get("identifiers")).isEmpty();
        assertThat(context.get("facts")).isEmpty();
        assertThat(context.get("touchpointCount").asInt()).isZero();
        assertThat(context.get("purchases")).isEmpty();
        assertThat(count("SELECT count(*) FROM customer_purchase WHERE customer_id = ?", customerId))
                .as("the erased customer's orders").isZero();
        JsonNode timeline = await().atMost(Duration.ofSeconds(20)).until(
                () -> get("/api/customers/" + customerId + "/timeline?limit=500").body(),
                page -> page.get("items").findValuesAsText("type").contains("customer_erased"));
        assertThat(timeline.get("items")).hasSize(5);
        assertNoneOf(secrets, context.toString(), timeline.toString());
        assertThat(get("/api/customers/" + customerId + "/context?asOf=" + Instant.now()).body().has("erased"))
                .isTrue();

        assertThat(get("/api/audit/customers/" + customerId + "/verify").body().get("intact").asBoolean()).isTrue();
        assertThat(failuresOfWholeLedgerVerification()).noneMatch(f -> customerId.equals(f.path("customerId").asText()));
        HikariDataSource hikari = (HikariDataSource) dataSource;
        ByteArrayOutputStream commandLine = new ByteArrayOutputStream();
        VerifyCommand.run(new String[]{"verify", "--url=" + hikari.getJdbcUrl(), "--user=" + hikari.getUsername(),
                "--password=" + (hikari.getPassword() == null ? "" : hikari.getPassword())},
                new PrintStream(commandLine, true, StandardCharsets.UTF_8));
        assertThat(commandLine.toString(StandardCharsets.UTF_8)).contains("\"streamsVerified\"")
                .doesNotContain(customerId);
        List<JsonNode> exported = getText("/api/audit/customers/" + customerId + "/export").lines()
                .map(ErasureTest::json).toList();
        String payloads = String.join("\n", exported.stream().map(e -> new String(
                Base64.getDecoder().decode(e.get("payload").asText()), StandardCharsets.UTF_8)).toList());
        assertNoneOf(secrets, payloads);
        assertThat(payloads).contains("jlenc1:s:", "SHOE-RUN-42", "119.90", "\"channel\":\"chat\"");
        assertThat(exported.get(exported.size() - 1).get("payloadType").asText())
                .isEqualTo(CustomerErasedEvent.class.getName());

        assertThat(plaintextInEveryTable(secrets)).isEmpty();
        // Downstream systems learn of the erasure on journey.events, so they can erase too.
        ConsumerRecord<byte[], byte[]> published = KafkaTopics.readUntil("journey.events", records -> records.stream()
                        .anyMatch(r -> erasureEventId.equals(KafkaTopics.header(r, "journey-event-id"))))
                .stream().filter(r -> erasureEventId.equals(KafkaTopics.header(r, "journey-event-id")))
                .findFirst().orElseThrow();
        assertThat(KafkaTopics.header(published, "journey-event-type")).isEqualTo("CustomerErased");
        assertThat(KafkaTopics.text(published.key())).isEqualTo(customerId);
        assertThat(count("SELECT count(*) FROM customer_data_key WHERE customer_id = ? AND wrapped_key IS NULL"
                + " AND destroyed_at IS NOT NULL", customerId)).isEqualTo(1);

        // A replay cannot decrypt what it reads, and does not fail on it.
        replay(Processors.CUSTOMER_CONTEXT);
        JsonNode replayed = awaitContext(customerId, c -> c.has("erased"));
        assertThat(replayed.get("facts")).isEmpty();
        await().atMost(Duration.ofSeconds(60)).until(
                () -> get("/api/customers/" + customerId + "/timeline?limit=500").body().get("items").size() == 5);
        assertThat(plaintextInEveryTable(secrets)).isEmpty();

        // The email resolves to nobody now: a touchpoint with it starts a new customer.
        String newcomer = recordNew(customer.interaction("web", null, Instant.now(), "form", "Hello again"));
        assertThat(newcomer).isNotEqualTo(customerId);
        assertThat(resolve("email", email).body().get("customerId").asText()).isEqualTo(newcomer);
    }

    @Test
    void aMergedCustomerIsErasedWholeEveryStreamItAnswersFor() {
        String card = loyaltyCard();
        String email = email();
        String storeCustomer = recordNew(with(touchpoint("store", "visit", Instant.now().minusSeconds(600)),
                "loyalty_card", card));
        String webCustomer = recordNew(new Scenario("email", email).fact("web", null, Instant.now().minusSeconds(300),
                "delivery_address", "4 Quay Street " + shortId()));
        recordNew(with(with(touchpoint("chat", "login", Instant.now()), "loyalty_card", card), "email", email));
        awaitContext(storeCustomer, c -> c.path("merges").size() == 1);
        get("/api/customers/" + storeCustomer + "/context?asOf=" + Instant.now());
        get("/api/customers/" + webCustomer + "/context?asOf=" + Instant.now());
        assertThat(count("SELECT count(*) FROM context_snapshot WHERE customer_id IN (?, ?)", storeCustomer,
                webCustomer)).isPositive();

        HttpResult erased = post("/api/customers/" + webCustomer + "/erasure", Map.of("reason", "GDPR art. 17"));

        assertThat(erased.status()).isEqualTo(202);
        assertThat(resolve("email", email).status()).isEqualTo(404);
        assertThat(resolve("loyalty_card", card).status()).isEqualTo(404);
        assertThat(count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier IN (?, ?)"
                + " AND payload_type LIKE '%CustomerErasedEvent'", storeCustomer, webCustomer))
                .as("the survivor's stream and the absorbed one").isEqualTo(2);
        assertThat(count("SELECT count(*) FROM context_snapshot WHERE customer_id IN (?, ?)", storeCustomer,
                webCustomer)).isZero();
        assertThat(count("SELECT count(*) FROM customer_data_key WHERE customer_id IN (?, ?)"
                + " AND destroyed_at IS NOT NULL", storeCustomer, webCustomer)).isEqualTo(2);
        awaitContext(storeCustomer, c -> c.path("erased").has("eventId") && c.path("identifiers").isEmpty());
    }

    @Test
    void erasingAnUnknownCustomerIsNotFoundAndAReasonIsRequired() {
        assertThat(post("/api/customers/" + java.util.UUID.randomUUID() + "/erasure", Map.of("reason", "x")).status())
                .isEqualTo(404);
        String customerId = recordNew(new Scenario("email", email()).interaction("web", null, Instant.now(), "form",
                "Hi"));
        assertThat(post("/api/customers/" + customerId + "/erasure", Map.of("reason", " ")).errorFields())
                .containsExactly("reason");
    }

    private void replay(String processorName) {
        StreamingEventProcessor processor = processing.eventProcessor(processorName, StreamingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> !processor.isReplaying() && !processor.isError());
    }

    private List<JsonNode> failuresOfWholeLedgerVerification() {
        String id = post("/api/audit/verifications", "{}").body().get("id").asText();
        JsonNode run = await().atMost(Duration.ofSeconds(60)).until(() -> get("/api/audit/verifications/" + id).body(),
                r -> !"running".equals(r.path("state").asText()));
        List<JsonNode> failures = new ArrayList<>();
        run.path("failures").forEach(failures::add);
        return failures;
    }

    /** Every table of the schema, every column (bytes read as UTF-8): where any of the values appears. */
    private List<String> plaintextInEveryTable(List<String> values) {
        List<String> found = new ArrayList<>();
        for (String table : jdbc.queryForList("SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'", String.class)) {
            found.addAll(plaintextIn(table, values));
        }
        return found;
    }

    private List<String> plaintextIn(String table, List<String> values) {
        List<String> found = new ArrayList<>();
        jdbc.query("SELECT * FROM " + table, row -> {
            ResultSetMetaData columns = row.getMetaData();
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                Object value = row.getObject(i);
                String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                        : String.valueOf(value);
                for (String secret : values) {
                    if (text.toLowerCase(Locale.ROOT).contains(secret.toLowerCase(Locale.ROOT))) {
                        found.add(table + "." + columns.getColumnName(i) + " holds " + secret);
                    }
                }
            }
        });
        return found;
    }

    private static void assertNoneOf(List<String> secrets, String... texts) {
        for (String text : texts) {
            for (String secret : secrets) {
                assertThat(text.toLowerCase(Locale.ROOT)).doesNotContain(secret.toLowerCase(Locale.ROOT));
            }
        }
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
