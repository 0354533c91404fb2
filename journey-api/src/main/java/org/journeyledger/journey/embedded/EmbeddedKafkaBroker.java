package org.journeyledger.journey.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Apache Kafka broker (KRaft, combined broker and controller, no ZooKeeper) running in this JVM, whose
 * log outlives the JVM, so the application can run without an external cluster.
 *
 * <p>Why not spring-kafka-test's {@code EmbeddedKafkaKraftBroker}: it builds on Kafka's {@code KafkaClusterTestKit},
 * which always puts the log in a fresh temporary directory and deletes it on close; a record acknowledged to a
 * producer must still be there after a restart. So this class formats a log directory of our choosing once (what
 * {@code kafka-storage.sh format} does) and starts Kafka's own {@link KafkaRaftServer} on it, as {@code kafka-server-start.sh}
 * would.
 *
 * <p>Durability: like a default Kafka installation, the broker acknowledges a record once it is written to the log
 * file, leaving the flush to disk to the operating system. A killed JVM loses nothing (the data is in the kernel's
 * page cache); a power failure of a single-node broker can lose the last seconds.
 *
 * <p>Settings are kept light for a small machine: two network and I/O threads, few internal partitions.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final int port;
    private final Path logDirectory;

    private EmbeddedKafkaBroker(KafkaRaftServer server, int port, Path logDirectory) {
        this.server = server;
        this.port = port;
        this.logDirectory = logDirectory;
    }

    /**
     * Starts a broker on localhost:{@code port} with its log in {@code logDirectory}, formatting that directory if it
     * is new and recovering it (as Kafka does after any unclean stop) if it is not.
     *
     * @param controllerPort port of the internal controller listener; 0 picks a free one
     */
    public static EmbeddedKafkaBroker start(Path logDirectory, int port, int controllerPort) throws IOException {
        long started = System.nanoTime();
        Path dir = Files.createDirectories(logDirectory.toAbsolutePath().normalize());
        int controller = controllerPort == 0 ? freePort() : controllerPort;
        KafkaConfig config = new KafkaConfig(properties(dir, port, controller));
        if (!Files.exists(dir.resolve("meta.properties"))) {
            format(dir);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            shutDown(server);
            throw new IOException("Kafka could not start on port " + port + " with its log in " + dir
                    + " (is the port in use, or the directory used by another broker?)", e);
        }
        LOG.info("Kafka broker ready on localhost:{} after {} ms (log: {})", port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), dir);
        return new EmbeddedKafkaBroker(server, port, dir);
    }

    /** What a client's {@code bootstrap.servers} should be. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public Path logDirectory() {
        return logDirectory;
    }

    /** A controlled shutdown: the log is flushed and closed cleanly, so the next start needs no recovery. */
    @Override
    public void close() {
        shutDown(server);
        LOG.info("Kafka broker on port {} stopped", port);
    }

    private static void shutDown(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Map<String, String> properties(Path dir, int port, int controllerPort) {
        // Strings throughout, as from server.properties: KafkaConfig refuses an Integer where it expects a short.
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        // A static quorum of one: the controller's address comes from this setting at every start, so a
        // controller port chosen afresh each time is fine.
        p.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.toString());
        // One node: every internal topic has one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("min.insync.replicas", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // After a kill -9 the restarted controller still holds the dead broker's registration and refuses the new
        // one until that session expires (9 s by default, 18 s to start in all). Broker and controller share this
        // JVM, so a short session loses nothing and brings a restart after a crash down to a few seconds.
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "1000");
        // Topics are created deliberately (by the application, or by the operator); a misspelt topic name in a
        // producer should fail, not silently create a topic nobody reads.
        p.put("auto.create.topics.enable", "false");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("num.replica.fetchers", "1");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        return p;
    }

    /** What {@code kafka-storage.sh format} does for a new directory: a cluster id and the bootstrap metadata. */
    private static void format(Path dir) throws IOException {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(dir.toString())
                    .addDirectory(dir.toString())
                    .run();
            LOG.info("Formatted a new Kafka log directory {}", dir);
        } catch (Exception e) {
            throw new IOException("Could not format the Kafka log directory " + dir, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
