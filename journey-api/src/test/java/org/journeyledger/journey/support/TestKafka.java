package org.journeyledger.journey.support;

import org.journeyledger.journey.embedded.EmbeddedKafkaBroker;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Points each test application context at one real Kafka broker, started in process once per test JVM on a free
 * port with its log in a fresh directory under {@code target/}. The contexts then start nothing embedded themselves
 * ({@code spring.kafka.bootstrap-servers} is set), as with an external cluster. Each context consumes in a group of
 * its own, so two contexts with different databases never split the ingest topic between them.
 */
public class TestKafka implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final AtomicInteger CONTEXTS = new AtomicInteger();
    private static EmbeddedKafkaBroker broker;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        // A property source of its own, first: @TestPropertySource replaces the shared "inlined" source, which would
        // drop these and leave two contexts (with two databases) splitting one consumer group's partitions.
        int n = CONTEXTS.incrementAndGet();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("journey-test-kafka-" + n, Map.of(
                "spring.kafka.bootstrap-servers", bootstrapServers(),
                "spring.kafka.consumer.group-id", "journey-ledger-test-" + n)));
    }

    /** The test broker's address, starting it on first use. */
    public static synchronized String bootstrapServers() {
        if (broker == null) {
            try {
                broker = EmbeddedKafkaBroker.start(TestDatabase.freshDataDir().resolve("kafka"), Ports.free(), 0);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the tests' Kafka broker", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-kafka-shutdown"));
        }
        return broker.bootstrapServers();
    }
}
