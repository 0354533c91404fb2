package org.journeyledger.journey.touchpoint.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.journeyledger.journey.JourneyLedgerApplication;
import org.journeyledger.journey.support.TestDatabase;
import org.journeyledger.journey.support.TestKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.journeyledger.journey.support.KafkaTopics.count;
import static org.journeyledger.journey.support.KafkaTopics.header;
import static org.journeyledger.journey.support.KafkaTopics.produce;
import static org.journeyledger.journey.support.KafkaTopics.readUntil;
import static org.journeyledger.journey.support.KafkaTopics.text;
import static org.journeyledger.journey.support.Touchpoints.shortId;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * The operator's replay of dead letters, {@code java -jar journey-api.jar replay-dead-letters}, against the running
 * ledger (the default run's embedded PostgreSQL, the tests' broker with topics of this test's own): a touchpoint
 * refused because the node did not know its channel is stored by the replay once the ledger runs with the channel
 * configured, one still refused is dead-lettered again, and replaying again stores nothing new.
 */
class ReplayDeadLettersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The default run's public demo administrator key: this test starts the default run. */
    private static final String DEMO_ADMIN_KEY = "demo-admin-key";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String run = "replay-" + shortId();
    private final String touchpoints = run + ".touchpoints";
    private final String deadLetters = run + ".dlt";
    private final Path dataDir = TestDatabase.freshDataDir();
    private ConfigurableApplicationContext ledger;

    @Test
    void aTouchpointRefusedForAChannelTheLedgerDidNotKnowIsStoredByTheReplayOnceTheChannelIsConfigured()
            throws Exception {
        String card = "LC" + shortId();
        String otherCard = "LC" + shortId();
        ObjectNode kiosk = with(touchpoint("kiosk", "visit", Instant.now()), "loyalty_card", card);
        ObjectNode pigeon = with(touchpoint("carrier_pigeon", "login", Instant.now()), "loyalty_card", otherCard);
        ledger = start();
        produce(touchpoints, card, kiosk.toString(), Map.of("trace-id", "trace-kiosk"));
        produce(touchpoints, otherCard, pigeon.toString(), Map.of("trace-id", "trace-pigeon"));
        assertThat(readUntil(deadLetters, records -> records.size() == 2))
                .extracting(record -> header(record, DeadLetters.REASON))
                .anySatisfy(reason -> assertThat(reason).contains("'kiosk' is not a known channel"));
        ledger.close();

        ledger = start("--journey.channels.extra=kiosk");
        Replay dryRun = replay("--dry-run");

        assertThat(dryRun.exit()).as(dryRun.output()).isZero();
        assertThat(dryRun.output()).contains("would replay: 2", kiosk.get("sourceEventId").asText(),
                "'kiosk' is not a known channel", "'carrier_pigeon' is not a known channel", "nothing was produced");
        assertThat(count(touchpoints)).as("records on the touchpoints topic after the dry run").isEqualTo(2);

        Replay first = replay();

        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(first.output()).contains("replayed: 2", "offsets committed");
        String customerId = await().atMost(Duration.ofSeconds(30)).until(() -> resolve(card), r -> r.has("customerId"))
                .get("customerId").asText();
        JsonNode timeline = await().atMost(Duration.ofSeconds(30)).until(
                () -> get("/api/customers/" + customerId + "/timeline"), page -> page.path("items").size() == 1);
        assertThat(timeline.at("/items/0/channel").asText()).isEqualTo("kiosk");
        ConsumerRecord<byte[], byte[]> replayed = readUntil(touchpoints, records -> records.size() >= 4).stream()
                .filter(record -> record.offset() > 0 && card.equals(text(record.key()))).findFirst().orElseThrow();
        assertThat(text(replayed.value())).isEqualTo(kiosk.toString());
        assertThat(headerNames(replayed)).containsExactly("trace-id");
        assertThat(header(replayed, "trace-id")).isEqualTo("trace-kiosk");
        // The one still refused is dead-lettered again, with its sender's header and the new refusal's reasons only.
        ConsumerRecord<byte[], byte[]> refusedAgain = readUntil(deadLetters, records -> records.size() >= 3).stream()
                .filter(record -> otherCard.equals(text(record.key()))).reduce((earlier, later) -> later).orElseThrow();
        assertThat(text(refusedAgain.value())).isEqualTo(pigeon.toString());
        assertThat(header(refusedAgain, "trace-id")).isEqualTo("trace-pigeon");
        assertThat(headerNames(refusedAgain)).containsOnlyOnce(DeadLetters.REASON, "kafka_dlt-original-offset");

        Replay again = replay();

        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).as("the second run offers only the new dead letter")
                .contains("dead letters read: 1", "replayed: 1", pigeon.get("sourceEventId").asText())
                .doesNotContain(kiosk.get("sourceEventId").asText());

        double duplicates = duplicates();
        Replay fromTheBeginning = replay("--from-beginning", "--reason='kiosk' is not a known channel");

        assertThat(fromTheBeginning.exit()).as(fromTheBeginning.output()).isZero();
        assertThat(fromTheBeginning.output()).contains("replayed: 1", kiosk.get("sourceEventId").asText());
        await().atMost(Duration.ofSeconds(30)).until(() -> duplicates() > duplicates);
        JdbcTemplate jdbc = ledger.getBean(JdbcTemplate.class);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry"
                + " WHERE payload_type LIKE '%TouchpointRecordedEvent'", Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM touchpoint_receipt WHERE source_event_id = ?", Long.class,
                kiosk.get("sourceEventId").asText())).isEqualTo(1);
    }

    @Test
    void anOptionTheCommandDoesNotKnowIsRefusedWithItsUsage() {
        Replay refused = replay("--dryrun");

        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.output()).contains("unknown option --dryrun",
                "usage: java -jar journey-api.jar replay-dead-letters");
    }

    private record Replay(int exit, String output) {
    }

    /** The command as an operator runs it, pointed at this test's broker, topics and consumer group. */
    private Replay replay(String... options) {
        List<String> args = new ArrayList<>(List.of("replay-dead-letters",
                "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "--spring.kafka.consumer.group-id=" + run,
                "--journey.kafka.touchpoints-topic=" + touchpoints,
                "--journey.kafka.dead-letter-topic=" + deadLetters));
        args.addAll(List.of(options));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = ReplayDeadLettersCommand.run(args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String output = out.toString(StandardCharsets.UTF_8);
        System.out.print(output);
        return new Replay(exit, output);
    }

    /** The default run on this test's data directory, with this test's topics on the tests' broker. */
    private ConfigurableApplicationContext start(String... settings) {
        List<String> args = new ArrayList<>(List.of(
                // As command-line arguments: builder properties are defaults, which application.yml would override.
                "--journey.data-dir=" + dataDir,
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "--spring.kafka.consumer.group-id=" + run,
                "--journey.kafka.touchpoints-topic=" + touchpoints,
                "--journey.kafka.dead-letter-topic=" + deadLetters,
                "--journey.kafka.events-topic=" + run + ".events",
                "--journey.kafka.checkpoints-topic=" + run + ".checkpoints"));
        args.addAll(List.of(settings));
        return new SpringApplicationBuilder(JourneyLedgerApplication.class).run(args.toArray(String[]::new));
    }

    @AfterEach
    void stop() {
        if (ledger != null) {
            ledger.close();
        }
    }

    private double duplicates() {
        return ledger.getBean(MeterRegistry.class).get("journey.kafka.touchpoints.handled").tag("outcome", "duplicate")
                .counter().count();
    }

    private static List<String> headerNames(ConsumerRecord<?, ?> record) {
        return StreamSupport.stream(record.headers().spliterator(), false).map(Header::key).toList();
    }

    private JsonNode resolve(String card) throws Exception {
        return get("/api/customers/resolve?identifier="
                + URLEncoder.encode("loyalty_card:" + card, StandardCharsets.UTF_8));
    }

    private JsonNode get(String path) throws Exception {
        int port = ((WebServerApplicationContext) ledger).getWebServer().getPort();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("X-API-Key", DEMO_ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
