package org.journeyledger.journey.embedded;

import org.journeyledger.journey.config.JourneyProperties;
import org.springframework.boot.autoconfigure.kafka.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The default run's Kafka: when no {@code spring.kafka.bootstrap-servers} is configured, start an in-process broker
 * on {@code journey.embedded-kafka.port} (9092) whose log lives in {@code journey.data-dir}/kafka and survives
 * restarts. With bootstrap servers configured nothing embedded starts and Spring Boot connects to them.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedKafkaConfiguration.NoBootstrapServers.class)
class EmbeddedKafkaConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedKafkaBroker embeddedKafka(JourneyProperties properties) {
        Path logDirectory = properties.dataDir().toAbsolutePath().resolve("kafka");
        try {
            return EmbeddedKafkaBroker.start(logDirectory, properties.embeddedKafka().port(),
                    properties.embeddedKafka().controllerPort());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded Kafka broker in " + logDirectory
                    + "; free port " + properties.embeddedKafka().port() + " or set journey.embedded-kafka.port, "
                    + "or set spring.kafka.bootstrap-servers to use an external cluster instead", e);
        }
    }

    /**
     * Points every Kafka client Spring Boot builds (producer, consumers, admin) at the embedded broker; as a bean
     * depending on the broker it also makes sure the broker is up before any of them is created.
     */
    @Bean
    KafkaConnectionDetails kafkaConnectionDetails(EmbeddedKafkaBroker broker) {
        return () -> List.of(broker.bootstrapServers());
    }

    /** Matches when the configuration names no external Kafka cluster. */
    static final class NoBootstrapServers implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String servers = context.getEnvironment().getProperty("spring.kafka.bootstrap-servers");
            return servers == null || servers.isBlank();
        }
    }
}
