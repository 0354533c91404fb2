package org.journeyledger.journey.trust;

import org.journeyledger.journey.support.Ports;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.journeyledger.journey.JourneyLedgerApplication;
import org.journeyledger.journey.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The short crash test (the long one is {@code infra/crash/run.sh}): the default run in a JVM of its own ingests
 * touchpoints from Kafka, is killed with SIGKILL while it stores them, and is started again on the same data
 * directory. Every touchpoint the broker acknowledged to the producer — before the kill, and while the application
 * (and with it the in-process broker) was down — is then in the ledger exactly once.
 */
class CrashRecoveryTest {

    private static final Pattern JDBC_URL = Pattern.compile("Embedded PostgreSQL ready: (jdbc:postgresql://\\S+)");
    private static final int BEFORE_KILL = 200;
    private static final int WHILE_DOWN = 100;

    private final Path dataDir = TestDatabase.freshDataDir();
    private final int kafkaPort = Ports.free();
    private final String source = "crash-test-" + Instant.now().toEpochMilli();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private Process app;
    private String jdbcUrl;

    @Test
    void everyAcknowledgedTouchpointIsStoredOnceAfterAKillDuringIngest() throws Exception {
        start("first");
        try (KafkaProducer<String, String> producer = producer()) {
            for (int n = 0; n < BEFORE_KILL; n++) {
                send(producer, n);
            }
            producer.flush();
            // Killed as soon as the ingest is under way, so the kill lands amid the batch's writes.
            await().atMost(Duration.ofMinutes(2)).until(() -> stored() > 0);
            long storedBeforeKill = stored();
            app.destroyForcibly().waitFor();
            System.out.printf("kill -9 with %d of %d touchpoints stored%n", storedBeforeKill, BEFORE_KILL);

            // The broker lives in the killed JVM: these wait in the producer and are acknowledged after the restart.
            for (int n = BEFORE_KILL; n < BEFORE_KILL + WHILE_DOWN; n++) {
                send(producer, n);
            }
            start("after kill -9");
            producer.flush();
        }

        assertThat(acknowledged).hasSize(BEFORE_KILL + WHILE_DOWN);
        await().atMost(Duration.ofMinutes(2)).until(() -> stored() == acknowledged.size());
        assertThat(storedIds()).as("lost: acknowledged but not stored").containsAll(acknowledged);
        assertThat(touchpointEventsPerSourceEventId()).as("touchpoint events per source event id")
                .hasSize(acknowledged.size()).allSatisfy((id, events) -> assertThat(events).as(id).isEqualTo(1L));
    }

    private void send(KafkaProducer<String, String> producer, int n) {
        String card = "LC-CRASH-" + (n % 20);
        String id = "tp-" + n;
        String value = ("{\"source\":\"%s\",\"sourceEventId\":\"%s\",\"channel\":\"store\",\"type\":\"visit\","
                + "\"occurredAt\":\"%s\",\"identifiers\":[{\"type\":\"loyalty_card\",\"value\":\"%s\"}],"
                + "\"data\":{\"note\":\"crash test %d\"}}").formatted(source, id,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), card, n);
        producer.send(new ProducerRecord<>("journey.touchpoints", card, value), (metadata, error) -> {
            if (error == null) {
                acknowledged.add(id);
            }
        });
    }

    /** Idempotent, acks=all, and patient enough to wait for the restarted broker. */
    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + kafkaPort,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 180_000,
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000),
                new StringSerializer(), new StringSerializer());
    }

    /**
     * Starts the application's main class in a new JVM on the test classpath and waits for Spring's "Started" line.
     * The consumer's session is shortened (Kafka's default is 45 s) so that the group gives the killed consumer's
     * partitions to the restarted one sooner; nothing else differs from the default run.
     */
    private void start(String which) throws IOException, InterruptedException {
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-" + which.replaceAll("\\W+", "-") + ".log");
        app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), JourneyLedgerApplication.class.getName(),
                "--journey.data-dir=" + dataDir, "--server.port=0",
                "--journey.embedded-kafka.port=" + kafkaPort,
                "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=1500")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            List<String> lines = Files.readAllLines(log);
            Optional<String> url = lines.stream().map(JDBC_URL::matcher).filter(Matcher::find).map(m -> m.group(1))
                    .reduce((first, second) -> second);
            if (url.isPresent() && lines.stream().anyMatch(l -> l.contains("Started JourneyLedgerApplication"))) {
                jdbcUrl = url.get();
                return;
            }
            if (!app.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("the application (" + which + ") did not start:\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            }
            Thread.sleep(200);
        }
    }

    /**
     * SIGTERM, so that the application stops its embedded PostgreSQL in order; should it not stop, the JVM is killed
     * and its orphaned postmaster stopped by the pid PostgreSQL wrote, so no server outlives the test.
     */
    @AfterEach
    void stop() throws Exception {
        if (app != null && app.isAlive()) {
            app.destroy();
            if (!app.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                app.destroyForcibly().waitFor();
            }
        }
        Path pidFile = dataDir.resolve("postgres/postmaster.pid");
        if (Files.isRegularFile(pidFile)) {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
    }

    private long stored() throws SQLException {
        return storedIds().size();
    }

    private Set<String> storedIds() throws SQLException {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        query("SELECT source_event_id, 1 FROM touchpoint_receipt WHERE source = ?", (id, n) -> ids.add(id));
        return ids;
    }

    /** Counted in the event store itself: the receipts' primary key would hide a second event. */
    private Map<String, Long> touchpointEventsPerSourceEventId() throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        query("""
                SELECT p->>'sourceEventId', count(*)
                FROM (SELECT convert_from(payload, 'UTF8')::jsonb AS p FROM domain_event_entry
                      WHERE payload_type LIKE '%TouchpointRecordedEvent') e
                WHERE p->>'source' = ? GROUP BY 1""", counts::put);
        return counts;
    }

    private void query(String sql, java.util.function.BiConsumer<String, Long> row) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, source);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs.getString(1), rs.getLong(2));
                }
            }
        }
    }
}
