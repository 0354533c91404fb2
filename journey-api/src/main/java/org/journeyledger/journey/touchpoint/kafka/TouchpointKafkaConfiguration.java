package org.journeyledger.journey.touchpoint.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.journeyledger.journey.JourneyProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The ingest topics, created at start if missing, and what happens when a batch cannot be stored.
 */
@Configuration(proxyBeanMethods = false)
class TouchpointKafkaConfiguration {

    @Bean
    NewTopic touchpointsTopic(JourneyProperties properties) {
        JourneyProperties.Kafka kafka = properties.kafka();
        return TopicBuilder.name(kafka.touchpointsTopic()).partitions(kafka.partitions())
                .replicas(kafka.replicationFactor()).build();
    }

    @Bean
    NewTopic touchpointsDeadLetterTopic(JourneyProperties properties) {
        JourneyProperties.Kafka kafka = properties.kafka();
        return TopicBuilder.name(kafka.deadLetterTopic()).partitions(kafka.partitions())
                .replicas(kafka.replicationFactor()).build();
    }

    /**
     * Only transient failures reach this handler (the listener dead-letters refusals itself): the database is down,
     * a write lost too many races, the dead-letter topic cannot be written. Those records are retried with growing
     * pauses for as long as it takes, from the record that failed (the ones before it are committed); they are never
     * skipped, since skipping would lose a channel's touchpoint.
     */
    @Bean
    CommonErrorHandler touchpointErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
        handler.setLogLevel(KafkaException.Level.WARN);
        return handler;
    }
}
