package org.journeyledger.journey.touchpoint.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.journeyledger.journey.config.JourneyProperties;
import org.journeyledger.journey.transaction.TransientFailures;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

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

    /**
     * The dead-letter topic takes records up to {@value #DEAD_LETTER_MAX_BYTES} bytes: a refused record as large as
     * the touchpoints topic allows (1 MiB by the broker's default) grows by the headers that say why, and a dead
     * letter the broker refused would stop its partition for good. The producer's {@code max.request.size} is raised
     * to match (application.yml).
     */
    @Bean
    NewTopic touchpointsDeadLetterTopic(JourneyProperties properties) {
        JourneyProperties.Kafka kafka = properties.kafka();
        return TopicBuilder.name(kafka.deadLetterTopic()).partitions(kafka.partitions())
                .replicas(kafka.replicationFactor())
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(DEAD_LETTER_MAX_BYTES)).build();
    }

    static final int DEAD_LETTER_MAX_BYTES = 2 * 1024 * 1024;

    /**
     * Decides what happens to a record the listener could not store (refusals never get here: the listener
     * dead-letters them itself). A transient failure (the database or the broker away, a lock or statement timeout, a
     * lost race) is retried with growing pauses for as long as it takes, from the record that failed (the ones before
     * it are committed), since skipping it would lose a channel's touchpoint. Any other failure would meet the same
     * record again: after {@code journey.kafka.max-attempts} tries the record goes to the dead-letter topic with the
     * failure's class and message, and the partition moves on. A record is never dropped: it is stored or it is on the
     * dead-letter topic; should the dead-letter topic itself be unwritable, the record is tried again from the start.
     */
    @Bean
    CommonErrorHandler touchpointErrorHandler(DeadLetters deadLetters, JourneyProperties properties) {
        int attempts = Math.max(1, properties.kafka().maxAttempts());
        ConsumerAwareRecordRecoverer recoverer = (record, consumer, failure) ->
                deadLetters.sendAfterAttempts(castBytes(record), consumer, failure);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, new FixedBackOff(500, attempts - 1));
        handler.setBackOffFunction((record, failure) -> TransientFailures.isTransient(failure) ? untilItWorks()
                : new FixedBackOff(500, attempts - 1));
        // The failure's root cause decides the back-off anew when it changes (the database came back, and now the
        // record fails for a reason of its own).
        handler.setResetStateOnExceptionChange(true);
        handler.setLogLevel(KafkaException.Level.WARN);
        return handler;
    }

    private static BackOff untilItWorks() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return backOff;
    }

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<byte[], byte[]> castBytes(ConsumerRecord<?, ?> record) {
        // The ingest consumer reads keys and values as bytes (spring.kafka.consumer.*-deserializer).
        return (ConsumerRecord<byte[], byte[]>) record;
    }
}
