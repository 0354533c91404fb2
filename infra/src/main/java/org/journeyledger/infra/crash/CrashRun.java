package org.journeyledger.infra.crash;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.journeyledger.infra.bench.AppProcess;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The crash run: the built application (default run, embedded PostgreSQL and in-process Kafka broker) ingests
 * touchpoints from {@code journey.touchpoints} at a steady rate while it is killed with SIGKILL several times and
 * started again; the producer keeps producing throughout (while the broker is down it buffers and retries). At the
 * end every touchpoint the broker acknowledged must be in the ledger exactly once, and the two projections must equal
 * a fresh replay of the event store. Ingest is by Kafka and verification by SQL, so the run needs no HTTP credentials.
 * <p>
 * Settings are system properties ({@code -Dcrash.kills=3 …}); see docs/operations.md, "Crash test", and
 * {@code infra/crash/run.sh}. Exit status 0 when nothing was lost, duplicated or mismatched.
 */
public final class CrashRun {

    private static final String TOPIC = "journey.touchpoints";
    private static final String DEAD_LETTERS = "journey.touchpoints.dlt";
    /** The processor of both projections, the context documents and the timeline. */
    private static final String PROJECTIONS = "customer-context";

    private final Path root;
    private final int kills = Integer.getInteger("crash.kills", 3);
    private final int rate = Integer.getInteger("crash.rate", 40);
    private final int customers = Integer.getInteger("crash.customers", 200);
    private final Duration uptime = Duration.ofSeconds(Integer.getInteger("crash.uptime", 20));
    /**
     * How long the group coordinator waits for a killed consumer before giving its partitions to the restarted one
     * (Kafka's default is 45 s); only shortens the run, changes nothing about what is stored.
     */
    private final int sessionTimeoutMs = Integer.getInteger("crash.session-timeout-ms", 10_000);
    /** Every this many records one is hostile ({@link HostileRecords}); 0: none. */
    private final int hostileEvery = Integer.getInteger("crash.hostile-every", 10);
    private final String source = "crash-run-" + Instant.now().truncatedTo(ChronoUnit.SECONDS).getEpochSecond();

    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> hostileAcknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean producing = true;
    private AppProcess app;

    private CrashRun(Path root) {
        this.root = root;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("crash.root", ".")).toAbsolutePath().normalize();
        System.exit(new CrashRun(root).run());
    }

    private int run() throws Exception {
        Path jar = root.resolve("journey-api/target/journey-api-0.1.0-SNAPSHOT.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (infra/crash/run.sh does)");
        }
        // Under /tmp and world-searchable: as root, the embedded PostgreSQL runs as nobody and must reach its data.
        Path dataDir = Files.createTempDirectory(Path.of("/tmp"), "journey-crash-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path log = root.resolve("infra/target/crash-app.log");
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        app = new AppProcess(jar, dataDir, log, null, null, null);
        Thread cleanup = new Thread(() -> cleanUp(dataDir), "crash-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        say(("%d kills, %d records/s over %d customers (every %d-th hostile), ~%d s up between kills; source %s;"
                + " app log %s; data %s").formatted(kills, rate, customers, hostileEvery, uptime.toSeconds(), source,
                log, dataDir));
        try {
            return crashAndVerify();
        } finally {
            cleanUp(dataDir);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
    }

    private int crashAndVerify() throws Exception {
        long began = System.nanoTime();
        List<String> appArgs = List.of(
                "--spring.kafka.consumer.properties.session.timeout.ms=" + sessionTimeoutMs,
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=" + Math.max(1000, sessionTimeoutMs / 4));
        app.start(appArgs, Duration.ofMinutes(5));
        say("app started, database " + app.jdbcUrl() + ", Kafka " + app.bootstrapServers());

        Thread producer = new Thread(this::produce, "crash-producer");
        producer.start();
        SplittableRandom random = new SplittableRandom();
        int runs = 1;
        for (int k = 1; k <= kills; k++) {
            long storedBefore = storedCount();
            // Up for a random while, and until this run has stored something: a kill then lands amid writes.
            Thread.sleep((long) (uptime.toMillis() * (0.5 + random.nextDouble())));
            while (storedCount() == storedBefore) {
                Thread.sleep(500);
            }
            long storedAtKill = storedCount();
            app.kill();
            say("kill -9 #%d: %,d sent, %,d acknowledged, %,d stored so far".formatted(k, sent.get(),
                    acknowledged.size(), storedAtKill));
            long t = System.nanoTime();
            app.start(appArgs, Duration.ofMinutes(5));
            runs++;
            say("restarted in %.1f s".formatted((System.nanoTime() - t) / 1e9));
        }
        Thread.sleep(uptime.toMillis());
        producing = false;
        producer.join();
        say("producer done: %,d sent, %,d acknowledged, %,d failed".formatted(sent.get(), acknowledged.size(),
                failed.get()));

        Set<String> stored = awaitIngest();
        Map<String, Long> eventsPerTouchpoint = touchpointEventCounts();
        long lost = acknowledged.stream().filter(id -> !stored.contains(id)).count();
        long duplicated = eventsPerTouchpoint.values().stream().filter(n -> n > 1).count()
                + timelineDuplicates();
        long unacknowledgedButStored = stored.stream().filter(id -> !acknowledged.contains(id)).count();

        awaitProjections(stored.size());
        long contextMismatches = contextCountMismatches();
        Map<String, String> before = projectionSnapshot();
        replay();
        awaitProjections(stored.size());
        Map<String, String> after = projectionSnapshot();
        long projectionMismatches = differences(before, after) + contextMismatches;

        say(("%,d touchpoints stored that the producer never saw acknowledged (sent, then the broker died before"
                + " answering; stored once, which is fine); %,d sends failed").formatted(unacknowledgedButStored,
                failed.get()));
        say("projections compared: %,d timeline rows and %,d customer contexts before and after a full replay"
                .formatted(before.keySet().stream().filter(k -> k.startsWith("timeline:")).count(),
                        before.keySet().stream().filter(k -> k.startsWith("context:")).count()));
        Map<String, Integer> deadLettered = deadLetteredHostile();
        long hostileMissing = hostileAcknowledged.stream().filter(key -> !deadLettered.containsKey(key)).count();
        long hostileStored = queryLong("SELECT count(*) FROM touchpoint_receipt WHERE source = ?",
                HostileRecords.SOURCE);
        say(("%,d hostile records acknowledged (%d kinds): %,d on %s (%,d copies: a kill between the dead letter and"
                + " the offset commit sends one twice), %,d missing, %,d stored").formatted(hostileAcknowledged.size(),
                HostileRecords.kinds(), deadLettered.size(), DEAD_LETTERS,
                deadLettered.values().stream().mapToInt(Integer::intValue).sum(), hostileMissing, hostileStored));
        String summary = ("crash run: runs=%d kills=%d acknowledged=%d stored=%d lost=%d duplicated=%d"
                + " projection-mismatches=%d hostile=%d hostile-dead-lettered=%d hostile-missing=%d hostile-stored=%d"
                + " (%.0f s)").formatted(runs, kills, acknowledged.size(), stored.size(), lost, duplicated,
                projectionMismatches, hostileAcknowledged.size(), deadLettered.size(), hostileMissing, hostileStored,
                (System.nanoTime() - began) / 1e9);
        System.out.println(summary);
        return lost == 0 && duplicated == 0 && projectionMismatches == 0 && hostileMissing == 0 && hostileStored == 0
                ? 0 : 1;
    }

    // ---- load ---------------------------------------------------------------------------------------------------

    /**
     * Produces at the configured rate until told to stop, then waits for every outstanding send. Only the callback's
     * success counts as acknowledged; a send that times out or fails is simply not counted (and may still have been
     * stored, which the summary reports separately).
     */
    private void produce() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Ride out the app being down (the broker lives in it): retry for up to 5 minutes before giving up on a send.
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000);
        Instant occurredAt = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        SplittableRandom random = new SplittableRandom(7);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long n = 0;
            long start = System.nanoTime();
            while (producing) {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                for (; n < due && producing; n++) {
                    if (hostileEvery > 0 && n % hostileEvery == hostileEvery - 1) {
                        sendHostile(producer, n);
                        continue;
                    }
                    String card = "LC-CRASH-" + random.nextInt(customers);
                    String id = "tp-" + n;
                    String value = ("{\"source\":\"%s\",\"sourceEventId\":\"%s\",\"channel\":\"store\","
                            + "\"type\":\"visit\",\"occurredAt\":\"%s\",\"identifiers\":[{\"type\":\"loyalty_card\","
                            + "\"value\":\"%s\"}],\"data\":{\"note\":\"crash run touchpoint %d\"}}")
                            .formatted(source, id, occurredAt.plusMillis(n), card, n);
                    try {
                        producer.send(new ProducerRecord<>(TOPIC, utf8(card), utf8(value)), (metadata, error) -> {
                            if (error == null) {
                                acknowledged.add(id);
                            } else {
                                failed.incrementAndGet();
                            }
                        });
                        sent.incrementAndGet();
                    } catch (RuntimeException e) {
                        // Not accepted by the client (e.g. blocked too long): never sent, so not counted.
                        failed.incrementAndGet();
                    }
                }
                Thread.sleep(20);
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendHostile(KafkaProducer<byte[], byte[]> producer, long n) {
        String key = "hostile-" + n;
        try {
            producer.send(new ProducerRecord<>(TOPIC, utf8(key), HostileRecords.value(n)), (metadata, error) -> {
                if (error == null) {
                    hostileAcknowledged.add(key);
                }
            });
        } catch (RuntimeException e) {
            // Not accepted by the client: never sent, so not counted.
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---- verification -------------------------------------------------------------------------------------------

    /**
     * The hostile records on the dead-letter topic, by key, with how often each is there; read from the beginning
     * until every acknowledged one is found or nothing new came for 30 s.
     */
    private Map<String, Integer> deadLetteredHostile() {
        Map<String, Integer> found = new HashMap<>();
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, app.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(DEAD_LETTERS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long quietSince = System.nanoTime();
            while (!found.keySet().containsAll(hostileAcknowledged)
                    && System.nanoTime() - quietSince < Duration.ofSeconds(30).toNanos()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                    if (key.startsWith("hostile-")) {
                        found.merge(key, 1, Integer::sum);
                        quietSince = System.nanoTime();
                    }
                }
            }
        }
        return found;
    }

    /** Waits until every acknowledged touchpoint is stored, or until nothing new has been stored for 3 minutes. */
    private Set<String> awaitIngest() throws Exception {
        long lastCount = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            Set<String> stored = storedIds();
            if (stored.containsAll(acknowledged)) {
                return stored;
            }
            if (stored.size() != lastCount) {
                lastCount = stored.size();
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > Duration.ofMinutes(3).toNanos()) {
                say("nothing stored for 3 minutes; counting the missing touchpoints as lost");
                return stored;
            }
            Thread.sleep(1000);
        }
    }

    /**
     * Waits until both projections hold every stored touchpoint: one timeline row each, and the contexts' touchpoint
     * counts adding up to them. Conditions, not pauses: the projections are asynchronous.
     */
    private void awaitProjections(long touchpoints) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (true) {
            long timeline = queryLong("SELECT count(*) FROM timeline_entry WHERE source = ?", source);
            long counted = queryLong("SELECT coalesce(sum((document->>'touchpointCount')::bigint), 0)"
                    + " FROM customer_context");
            if (timeline == touchpoints && counted == touchpoints) {
                return;
            }
            if (System.nanoTime() > deadline) {
                say("projections did not catch up: %,d timeline rows, contexts count %,d, of %,d touchpoints"
                        .formatted(timeline, counted, touchpoints));
                return;
            }
            Thread.sleep(1000);
        }
    }

    private long storedCount() throws SQLException {
        return queryLong("SELECT count(*) FROM touchpoint_receipt WHERE source = ?", source);
    }

    private Set<String> storedIds() throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = connect();
             PreparedStatement s = c.prepareStatement("SELECT source_event_id FROM touchpoint_receipt WHERE source = ?")) {
            s.setString(1, source);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /** Touchpoint events in the event store itself, by source event id: the receipts' primary key proves nothing here. */
    private Map<String, Long> touchpointEventCounts() throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("""
                SELECT p->>'sourceEventId', count(*)
                FROM (SELECT convert_from(payload, 'UTF8')::jsonb AS p FROM domain_event_entry
                      WHERE payload_type LIKE '%TouchpointRecordedEvent') e
                WHERE p->>'source' = ? GROUP BY 1""")) {
            s.setString(1, source);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    private long timelineDuplicates() throws SQLException {
        return queryLong("SELECT count(*) FROM (SELECT source_event_id FROM timeline_entry WHERE source = ?"
                + " GROUP BY 1 HAVING count(*) > 1) d", source);
    }

    /** Customers whose context counts a different number of touchpoints than their stream holds. */
    private long contextCountMismatches() throws SQLException {
        return queryLong("""
                SELECT count(*) FROM customer_context c
                FULL JOIN (SELECT aggregate_identifier AS customer_id, count(*) AS n FROM domain_event_entry
                           WHERE payload_type LIKE '%TouchpointRecordedEvent' GROUP BY 1) e USING (customer_id)
                WHERE coalesce((c.document->>'touchpointCount')::bigint, -1) <> coalesce(e.n, 0)""");
    }

    /** Every timeline row, context document and order, by key, as a digest (updated_at, a wall-clock time, left out). */
    private Map<String, String> projectionSnapshot() throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT event_id, md5(row(customer_id, occurred_at, recorded_at, source,"
                    + " source_event_id, channel, type, conversation_id, actor, data)::text) FROM timeline_entry")) {
                while (rs.next()) {
                    rows.put("timeline:" + rs.getString(1), rs.getString(2));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT customer_id, md5(document::text) FROM customer_context")) {
                while (rs.next()) {
                    rows.put("context:" + rs.getString(1), rs.getString(2));
                }
            }
            try (ResultSet rs = s.executeQuery(
                    "SELECT customer_id || ':' || position, md5(document::text) FROM customer_purchase")) {
                while (rs.next()) {
                    rows.put("order:" + rs.getString(1), rs.getString(2));
                }
            }
        }
        return rows;
    }

    private static long differences(Map<String, String> before, Map<String, String> after) {
        Set<String> keys = new HashSet<>(before.keySet());
        keys.addAll(after.keySet());
        long different = keys.stream().filter(k -> !java.util.Objects.equals(before.get(k), after.get(k))).count();
        keys.stream().filter(k -> !java.util.Objects.equals(before.get(k), after.get(k))).limit(5)
                .forEach(k -> say("  projection differs after replay: " + k));
        return different;
    }

    /**
     * A full rebuild of both projections, as the benchmark does it: the embedded database runs only inside the
     * application, so the projections are emptied during a maintenance start in which their processor is
     * subscribing (it neither holds nor writes tokens); the next normal start finds no tokens and replays everything.
     */
    private void replay() throws Exception {
        say("replay: emptying both projections and their tokens, then rebuilding them from the event store");
        app.stop();
        app.start(List.of("--axon.eventhandling.processors." + PROJECTIONS + ".mode=subscribing"),
                Duration.ofMinutes(5));
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM token_entry WHERE processor_name = '" + PROJECTIONS + "'");
            s.executeUpdate("DELETE FROM customer_context");
            s.executeUpdate("DELETE FROM customer_purchase");
            s.executeUpdate("DELETE FROM timeline_entry");
        }
        app.stop();
        app.start(List.of(), Duration.ofMinutes(5));
    }

    private long queryLong(String sql, Object... args) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(app.jdbcUrl(), app.dbUser(), app.dbPassword());
    }

    // ---- clean-up -----------------------------------------------------------------------------------------------

    /**
     * Stops the application in order and deletes its data. Should the run itself die right after a kill, the
     * orphaned postmaster (its pid is in postmaster.pid) is stopped too, so nothing lingers.
     */
    private void cleanUp(Path dataDir) {
        try {
            app.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Path pidFile = dataDir.resolve("postgres/postmaster.pid");
        try {
            if (Files.isRegularFile(pidFile)) {
                long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            }
        } catch (Exception e) {
            say("could not stop the orphaned PostgreSQL of " + dataDir + ": " + e);
        }
        if (Boolean.getBoolean("crash.keep-data")) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            say("could not delete " + dataDir + ": " + e);
        }
    }

    private static void say(String message) {
        System.out.println("[crash " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message);
    }
}
