package org.journeyledger.journey.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.journeyledger.journey.config.JourneyProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Publishes every ledger checkpoint on Kafka ({@code journey.checkpoints}, schema {@code journey.checkpoint/v1}), so
 * that copies live outside the database the checkpoints protect. A failed publication is logged and does not undo
 * the checkpoint, which is already recorded and logged; the next one is published again.
 */
@Component
class CheckpointPublisher {

    static final String SCHEMA = "journey.checkpoint/v1";
    private static final Logger log = LoggerFactory.getLogger(CheckpointPublisher.class);

    private final KafkaTemplate<byte[], byte[]> kafka;
    private final ObjectMapper mapper;
    private final String topic;

    CheckpointPublisher(KafkaTemplate<byte[], byte[]> kafka, ObjectMapper mapper, JourneyProperties properties) {
        this.kafka = kafka;
        this.mapper = mapper;
        this.topic = properties.kafka().checkpointsTopic();
    }

    void publish(Checkpoint checkpoint) {
        try {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("schema", SCHEMA);
            record.put("globalIndex", checkpoint.globalIndex());
            record.put("digest", checkpoint.digest());
            record.put("streams", checkpoint.streams());
            record.put("takenAt", String.valueOf(checkpoint.takenAt()));
            kafka.send(topic, "ledger".getBytes(StandardCharsets.UTF_8), mapper.writeValueAsBytes(record))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.error("Could not publish ledger checkpoint {} on {}; it is recorded in ledger_checkpoint and the log",
                    checkpoint, topic, e);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Topic {
        @Bean
        NewTopic checkpointsTopic(JourneyProperties properties) {
            JourneyProperties.Kafka kafka = properties.kafka();
            return TopicBuilder.name(kafka.checkpointsTopic()).partitions(1).replicas(kafka.replicationFactor())
                    .config(TopicConfig.RETENTION_MS_CONFIG, "-1").build();
        }
    }
}
