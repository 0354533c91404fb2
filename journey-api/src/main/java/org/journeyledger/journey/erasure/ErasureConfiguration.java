package org.journeyledger.journey.erasure;

import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.journeyledger.journey.config.JourneyProperties;
import org.axonframework.serialization.Serializer;
import org.journeyledger.journey.eventstore.PayloadEncryption;
import org.journeyledger.journey.eventstore.SnapshotProtection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Wires crypto-shredding into the event store: encryption at append ({@link FieldEncryption}) and decryption on read
 * ({@link DecryptingUpcaster}), both with the customers' {@link DataKeys}.
 */
@Configuration(proxyBeanMethods = false)
class ErasureConfiguration {

    @Bean
    DataKeys dataKeys(JdbcTemplate jdbc, JourneyProperties properties) {
        DataKeys keys = new DataKeys(jdbc, MasterKey.from(properties), properties.erasure().cachedKeys());
        keys.checkMasterKey(properties.erasure().masterKeyLost());
        return keys;
    }

    @Bean
    PayloadEncryption payloadEncryption(DataKeys keys) {
        return new FieldEncryption(keys);
    }

    @Bean
    SnapshotProtection snapshotProtection(DataKeys keys, JdbcTemplate jdbc, Serializer serializer) {
        return new SealedSnapshots(keys, jdbc, serializer);
    }

    /** First in the chain: every other upcaster sees decrypted values. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    EventUpcaster decryptingUpcaster(DataKeys keys) {
        return new DecryptingUpcaster(keys);
    }
}
