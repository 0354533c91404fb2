package org.journeyledger.journey.publication;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.clients.admin.NewTopic;
import org.journeyledger.journey.config.JourneyProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The events topic, created at start if missing, and the error handling of the publishing processor.
 */
@Configuration(proxyBeanMethods = false)
class PublicationConfiguration {

    @Bean
    NewTopic eventsTopic(JourneyProperties properties) {
        JourneyProperties.Kafka kafka = properties.kafka();
        return TopicBuilder.name(kafka.eventsTopic()).partitions(kafka.partitions())
                .replicas(kafka.replicationFactor()).build();
    }

    /**
     * Private to the publication, so that web formatting settings can never change the published schema. Decimals
     * are read and written exactly as stored ({@code 89.90} stays {@code 89.90}).
     */
    static ObjectMapper publicationMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }
}
