package org.journeyledger.journey.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.journeyledger.journey.JourneyLedgerApplication;
import org.journeyledger.journey.security.ApiKeys;
import org.journeyledger.journey.security.Role;
import org.journeyledger.journey.support.KafkaTopics;
import org.journeyledger.journey.support.Scenario;
import org.journeyledger.journey.support.TestDatabase;
import org.journeyledger.journey.support.TestKafka;
import org.journeyledger.journey.support.TestSecurity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.journeyledger.journey.support.Touchpoints.shortId;

/**
 * Two nodes of one installation, as two application contexts in this JVM on one PostgreSQL and one Kafka broker:
 * one ingest consumer group (each node its own client id), one event store, one token store, one deadline table.
 * Touchpoints arrive by HTTP at both nodes and by Kafka, consumed by both, for the same customers at the same time;
 * then every customer's projections agree with its stream and its hash chain verifies, a promise due during the test
 * is broken exactly once, and every ledger event is on {@code journey.events} exactly once.
 */
class TwoNodesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CUSTOMERS = 30;
    private static final int HTTP_TOUCHPOINTS = 120;
    private static final int KAFKA_TOUCHPOINTS = 120;
    private static final int PROMISES = 3;
    /** A key with every role, registered in the shared database, so that both nodes accept it. */
    private static final String KEY = "two-nodes-test-key-" + UUID.randomUUID();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String run = "two-nodes-" + shortId();
    /** One installation, one erasure master key: each node would otherwise generate its own into its data directory. */
    private final String masterKey = java.util.Base64.getEncoder().encodeToString(randomBytes());
    private final String touchpointsTopic = run + ".touchpoints";
    private final String eventsTopic = run + ".events";
    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    @Test
    void twoNodesOnOneDatabaseAndOneBrokerStoreProjectBreakAndPublishEverythingOnce() throws Exception {
        ConfigurableApplicationContext a = startNode("node-a", null);
        a.getBean(ApiKeys.class).register("two-nodes-test", EnumSet.allOf(Role.class), KEY, null, null);
        ConfigurableApplicationContext b = startNode("node-b", (HikariDataSource) a.getBean(DataSource.class));
        JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
        // Both nodes hold ingest partitions before anything is produced, so the Kafka load is really split.
        await().atMost(Duration.ofMinutes(1)).until(() -> hasPartitions(a) && hasPartitions(b));

        List<Scenario> customers = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            customers.add(new Scenario("loyalty_card", "LC2N" + i + shortId()));
        }
        Instant now = Instant.now();
        Instant dueAt = now.plusSeconds(4);
        List<String> promiseIds = new ArrayList<>();
        List<ObjectNode> byHttp = new ArrayList<>();
        for (int i = 0; i < PROMISES; i++) {
            String promiseId = "callback-" + shortId();
            promiseIds.add(promiseId);
            byHttp.add(customers.get(i).promise("call_centre", null, now, promiseId, dueAt));
        }
        for (int i = byHttp.size(); i < HTTP_TOUCHPOINTS; i++) {
            byHttp.add(customers.get(i % CUSTOMERS).interaction("web", null, now.minusSeconds(i), "visit", "browsed"));
        }

        // HTTP: alternate nodes from four threads, so both nodes write to the same customers at the same time.
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < byHttp.size(); i++) {
            ConfigurableApplicationContext node = i % 2 == 0 ? a : b;
            ObjectNode touchpoint = byHttp.get(i);
            answers.add(threads.submit(() -> post(node, touchpoint)));
        }
        // Kafka, meanwhile: the same customers, keyed by their card as channel systems are told to.
        for (int i = 0; i < KAFKA_TOUCHPOINTS; i++) {
            Scenario customer = customers.get(i % CUSTOMERS);
            KafkaTopics.produce(touchpointsTopic, customer.identifierValue(),
                    customer.fact("app", null, now.minusSeconds(i), "k" + i, "v" + i).toString());
        }
        for (Future<Integer> answer : answers) {
            assertThat(answer.get()).isEqualTo(201);
        }
        // Redeliveries through the other node and through Kafka store nothing new.
        for (int i = 0; i < 10; i++) {
            assertThat(post(i % 2 == 0 ? b : a, byHttp.get(i))).isEqualTo(200);
            KafkaTopics.produce(touchpointsTopic, "redelivery", byHttp.get(i).toString());
        }
        threads.shutdown();

        int touchpoints = HTTP_TOUCHPOINTS + KAFKA_TOUCHPOINTS;
        await().atMost(Duration.ofMinutes(2)).until(() -> count(jdbc, "SELECT count(*) FROM touchpoint_receipt")
                == touchpoints);
        assertThat(consumed(a)).as("records consumed by node a").isPositive();
        assertThat(consumed(b)).as("records consumed by node b").isPositive();
        assertThat(count(jdbc, "SELECT count(*) FROM domain_event_entry"
                + " WHERE payload_type LIKE '%TouchpointRecordedEvent'")).isEqualTo(touchpoints);

        // Projections: each customer's context and timeline agree with its stream.
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(jdbc.queryForList("""
                SELECT customer_id, e.n AS events, c.document->>'touchpointCount' AS context, t.n AS timeline
                FROM (SELECT aggregate_identifier AS customer_id, count(*) AS n FROM domain_event_entry
                      WHERE payload_type LIKE '%TouchpointRecordedEvent' GROUP BY 1) e
                FULL JOIN customer_context c USING (customer_id)
                FULL JOIN (SELECT customer_id, count(*) AS n FROM timeline_entry GROUP BY 1) t USING (customer_id)
                WHERE coalesce(e.n, 0) <> coalesce((c.document->>'touchpointCount')::bigint, -1)
                   OR coalesce(e.n, 0) <> coalesce(t.n, -1)""")).as("customers whose projections disagree with their stream")
                .isEmpty());
        assertThat(count(jdbc, "SELECT count(*) FROM customer_context")).isEqualTo(CUSTOMERS);
        String someCustomer = jdbc.queryForObject("SELECT min(customer_id) FROM customer_context", String.class);
        assertThat(withoutReadTime(get(a, "/api/customers/" + someCustomer + "/context")))
                .isEqualTo(withoutReadTime(get(b, "/api/customers/" + someCustomer + "/context")));

        // The hash chains: both nodes appended to every customer's stream at the same time, each chaining from the
        // event before as its transaction sees it.
        for (String customerId : jdbc.queryForList("SELECT customer_id FROM customer_context", String.class)) {
            assertThat(get(b, "/api/audit/customers/" + customerId + "/verify").get("intact").asBoolean())
                    .as("chain of " + customerId).isTrue();
        }

        // Promises: once no deadline is due or being run any more, none can fire again; each broke exactly once.
        await().atMost(Duration.ofMinutes(1)).until(() -> count(jdbc, "SELECT count(*) FROM domain_event_entry"
                + " WHERE payload_type LIKE '%PromiseBrokenEvent'") >= PROMISES
                && count(jdbc, "SELECT count(*) FROM scheduled_tasks WHERE picked OR execution_time <= now()") == 0);
        for (String promiseId : promiseIds) {
            assertThat(count(jdbc, "SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE"
                    + " '%PromiseBrokenEvent' AND convert_from(payload, 'UTF8')::jsonb->>'promiseId' = ?", promiseId))
                    .as("PromiseBrokenEvent of " + promiseId).isEqualTo(1);
        }

        // Publication: every event of the store is on the events topic exactly once.
        Set<String> stored = new HashSet<>(jdbc.queryForList("SELECT event_identifier FROM domain_event_entry",
                String.class));
        Map<String, Integer> published = publishedEventIds(stored);
        assertThat(published.keySet()).isEqualTo(stored);
        assertThat(published).allSatisfy((id, times) -> assertThat(times).as("publications of " + id).isEqualTo(1));
        // The figures docs/operations.md quotes.
        System.out.printf("two nodes: %d touchpoints (%d by HTTP to both, %d by Kafka: node a consumed %.0f records,"
                        + " node b %.0f), %d events each published once, %d promises each broken once%n", touchpoints,
                HTTP_TOUCHPOINTS, KAFKA_TOUCHPOINTS, consumed(a), consumed(b), stored.size(), PROMISES);
    }

    /**
     * Node a starts the embedded PostgreSQL (or takes the external test database); node b is pointed at the same
     * database, as a second node of an installation is. Both use the tests' broker with this test's own topics and one
     * consumer group.
     */
    private ConfigurableApplicationContext startNode(String name, HikariDataSource shared) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "--spring.kafka.consumer.group-id=" + run,
                "--spring.kafka.consumer.client-id=" + run + "-" + name,
                "--journey.kafka.touchpoints-topic=" + touchpointsTopic,
                "--journey.kafka.dead-letter-topic=" + run + ".dlt",
                "--journey.kafka.events-topic=" + eventsTopic,
                "--db-scheduler.polling-interval=1s",
                // Node b, on node a's database, would refuse to start with the default run's public demo keys in it.
                "--journey.security.demo-credentials=false",
                "--journey.erasure.master-key=" + masterKey));
        SpringApplicationBuilder builder = new SpringApplicationBuilder(JourneyLedgerApplication.class)
                .initializers(new TestSecurity());
        if (shared == null) {
            builder.initializers(new TestDatabase());
        } else {
            args.add("--journey.data-dir=" + TestDatabase.freshDataDir());
            args.add("--spring.datasource.url=" + shared.getJdbcUrl());
            args.add("--spring.datasource.username=" + shared.getUsername());
            args.add("--spring.datasource.password=" + (shared.getPassword() == null ? "" : shared.getPassword()));
        }
        ConfigurableApplicationContext node = builder.run(args.toArray(String[]::new));
        nodes.add(node);
        return node;
    }

    /** Node b first: node a owns the embedded database node b uses. */
    @AfterEach
    void stopNodes() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }

    private static boolean hasPartitions(ConfigurableApplicationContext node) {
        MessageListenerContainer ingest = node.getBean(KafkaListenerEndpointRegistry.class)
                .getListenerContainer("touchpoint-ingest");
        Collection<TopicPartition> assigned = ingest == null ? null : ingest.getAssignedPartitions();
        return assigned != null && !assigned.isEmpty();
    }

    private static double consumed(ConfigurableApplicationContext node) {
        return node.getBean(MeterRegistry.class).get("journey.kafka.touchpoints.consumed").counter().count();
    }

    /**
     * Reads the events topic from the beginning until every stored event has appeared, then on to the end offsets
     * of that moment, so that a second copy published before then is counted too.
     */
    private Map<String, Integer> publishedEventIds(Set<String> expected) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(eventsTopic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<String, Integer> counts = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (!counts.keySet().containsAll(expected) && System.nanoTime() < deadline) {
                poll(consumer, counts);
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                poll(consumer, counts);
            }
            return counts;
        }
    }

    private static void poll(KafkaConsumer<byte[], byte[]> consumer, Map<String, Integer> counts) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            counts.merge(KafkaTopics.header(record, "journey-event-id"), 1, Integer::sum);
        }
    }

    private int post(ConfigurableApplicationContext node, ObjectNode touchpoint) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(node, "/api/touchpoints"))
                .header("Content-Type", "application/json").header("X-API-Key", KEY)
                .POST(HttpRequest.BodyPublishers.ofString(touchpoint.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode() / 100).as(response.body()).isEqualTo(2);
        return response.statusCode();
    }

    private JsonNode get(ConfigurableApplicationContext node, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(node, path)).header("X-API-Key", KEY)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static byte[] randomBytes() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return key;
    }

    /** The derived attributes say when they were computed, that is when the context was read. */
    private static JsonNode withoutReadTime(JsonNode context) {
        ((ObjectNode) context.get("attributes")).remove("asOf");
        return context;
    }

    private static long count(JdbcTemplate jdbc, String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    private static URI uri(ConfigurableApplicationContext node, String path) {
        return URI.create("http://localhost:" + ((WebServerApplicationContext) node).getWebServer().getPort() + path);
    }
}
