package org.journeyledger.journey.embedded;

import org.journeyledger.journey.support.Ports;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.journeyledger.journey.JourneyLedgerApplication;
import org.journeyledger.journey.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.journeyledger.journey.support.Touchpoints.loyaltyCard;
import static org.journeyledger.journey.support.Touchpoints.purchase;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * The default run as a newcomer starts it: no database and no Kafka configured, so the embedded PostgreSQL and Kafka
 * broker start in {@code journey.data-dir} (the broker on a free port here rather than 9092); what was recorded, by
 * HTTP or by Kafka, is still there after the application is stopped and started again, and so is the Kafka log.
 */
class DefaultRunRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The default run's public demo administrator key (README.md): these tests start the default run. */
    private static final String DEMO_ADMIN_KEY = "demo-admin-key";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void whatWasRecordedSurvivesARestartOnTheSameDataDirectory() throws Exception {
        Path dataDir = TestDatabase.freshDataDir();
        int kafkaPort = Ports.free();
        String card = loyaltyCard();
        String kafkaTouchpoint = with(touchpoint("app", "login", Instant.now().plusSeconds(60)), "loyalty_card", card)
                .toString();
        String customerId;
        String eventId;

        try (ConfigurableApplicationContext app = start(dataDir, kafkaPort)) {
            JsonNode answer = post(app, "/api/touchpoints",
                    with(purchase("store", Instant.now()), "loyalty_card", card).toString());
            customerId = answer.get("customerId").asText();
            eventId = answer.get("eventId").asText();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + kafkaPort, ProducerConfig.ACKS_CONFIG, "all"),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("journey.touchpoints", card, kafkaTouchpoint)).get();
            }
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    get(app, "/api/customers/" + customerId + "/timeline").path("items").size() == 2);
        }

        try (ConfigurableApplicationContext app = start(dataDir, kafkaPort)) {
            JsonNode resolved = get(app, "/api/customers/resolve?identifier="
                    + URLEncoder.encode("loyalty_card:" + card, StandardCharsets.UTF_8));
            assertThat(resolved.get("customerId").asText()).isEqualTo(customerId);
            JsonNode timeline = get(app, "/api/customers/" + customerId + "/timeline");
            assertThat(timeline.at("/items/1/eventId").asText()).isEqualTo(eventId);
            assertThat(timeline.at("/items/0/channel").asText()).isEqualTo("app");
            assertThat(get(app, "/api/customers/" + customerId + "/context").get("touchpointCount").asInt())
                    .isEqualTo(2);
            assertThat(Files.isDirectory(dataDir.resolve("kafka"))).isTrue();
            assertThat(valuesOnTheIngestTopic(kafkaPort)).contains(kafkaTouchpoint);
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir, int kafkaPort) {
        // As command-line arguments: SpringApplicationBuilder.properties(...) are defaults, which application.yml's
        // journey.data-dir would override, silently sending the test to ./data.
        return new SpringApplicationBuilder(JourneyLedgerApplication.class)
                .run("--journey.data-dir=" + dataDir, "--server.port=0", "--journey.embedded-kafka.port=" + kafkaPort);
    }

    private static List<String> valuesOnTheIngestTopic(int kafkaPort) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + kafkaPort,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("journey.touchpoints").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            return values;
        }
    }

    private JsonNode post(ConfigurableApplicationContext app, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(app, path))
                .header("Content-Type", "application/json").header("X-API-Key", DEMO_ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private JsonNode get(ConfigurableApplicationContext app, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(app, path)).header("X-API-Key", DEMO_ADMIN_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static URI uri(ConfigurableApplicationContext app, String path) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return URI.create("http://localhost:" + port + path);
    }
}
